package dev.twinops.console.simulator;

import dev.twinops.simulator.faults.FaultProfile;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;

/** The simulator launcher dialog's content: binds the fields to {@link FleetLaunchForm}. */
public final class SimulatorLauncherController {

    private final FleetLaunchForm form;
    private final String hubDescription;
    private final SimulatorViewModel simulator;

    @FXML private Label hubLabel;
    @FXML private TextField countField;
    @FXML private Label countMessageLabel;
    @FXML private Label countNoteLabel;
    @FXML private TextField prefixField;
    @FXML private Label prefixMessageLabel;
    @FXML private ComboBox<FaultProfile> faultProfileChoice;
    @FXML private Label faultsHelp;
    @FXML private TextField seedField;
    @FXML private Label seedMessageLabel;
    @FXML private TextField bootSecondsField;
    @FXML private Label bootMessageLabel;
    @FXML private TextField downloadField;
    @FXML private Label downloadMessageLabel;
    @FXML private CheckBox separateProcessCheck;
    @FXML private Label separateProcessHelp;
    @FXML private Label launchProblemLabel;

    public SimulatorLauncherController(FleetLaunchForm form, String hubDescription, SimulatorViewModel simulator) {
        this.form = form;
        this.hubDescription = hubDescription;
        this.simulator = simulator;
    }

    @FXML
    private void initialize() {
        hubLabel.setText(hubDescription);
        countField.textProperty().bindBidirectional(form.countProperty());
        prefixField.textProperty().bindBidirectional(form.prefixProperty());
        faultProfileChoice.getItems().setAll(FaultProfile.values());
        faultProfileChoice.setConverter(new FaultProfileConverter());
        faultProfileChoice.valueProperty().bindBidirectional(form.profileProperty());
        faultsHelp.setText(FleetLaunchForm.FAULTS_HELP);
        seedField.textProperty().bindBidirectional(form.seedProperty());
        bootSecondsField.textProperty().bindBidirectional(form.bootSecondsProperty());
        downloadField.textProperty().bindBidirectional(form.downloadKilobytesPerSecondProperty());
        separateProcessCheck.selectedProperty().bindBidirectional(form.separateProcessProperty());
        separateProcessHelp.setText(FleetLaunchForm.SEPARATE_PROCESS_HELP);
        bind(countMessageLabel, form.countMessageProperty());
        bind(countNoteLabel, form.countNoteProperty());
        bind(prefixMessageLabel, form.prefixMessageProperty());
        bind(seedMessageLabel, form.seedMessageProperty());
        bind(bootMessageLabel, form.bootMessageProperty());
        bind(downloadMessageLabel, form.downloadMessageProperty());
        bind(launchProblemLabel, simulator.problemProperty());
    }

    private static void bind(Label label, javafx.beans.value.ObservableStringValue text) {
        label.textProperty().bind(text);
        label.visibleProperty().bind(Bindings.isNotEmpty(text));
        label.managedProperty().bind(label.visibleProperty());
    }
}
