package dev.twinops.console.rehearsal;

import java.io.File;

import dev.twinops.console.simulator.FaultProfileConverter;
import dev.twinops.simulator.faults.FaultProfile;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.FileChooser;

/** The Rehearsals tab: binds the list, the workflow's buttons and the comparison table to the view model. */
public final class RehearsalsController {

    private final RehearsalsViewModel rehearsals;
    private final CopyShapeDialog copyDialog;

    @FXML private Tab rehearsalsTab;
    @FXML private ListView<RehearsalRecord> rehearsalList;
    @FXML private Button copyShapeOpenButton;
    @FXML private Label rehearsalDetailsLabel;
    @FXML private ComboBox<FaultProfile> rehearsalProfileChoice;
    @FXML private TextField rehearsalSeedField;
    @FXML private Button startRehearsalFleetButton;
    @FXML private Button rehearseButton;
    @FXML private Button switchToSourceButton;
    @FXML private Button runForRealButton;
    @FXML private Button reloadComparisonButton;
    @FXML private Button exportComparisonCsvButton;
    @FXML private Button exportComparisonJsonButton;
    @FXML private Label comparisonSummaryLabel;
    @FXML private TableView<ComparisonRow> comparisonTable;
    @FXML private TableColumn<ComparisonRow, String> comparisonWaveColumn;
    @FXML private TableColumn<ComparisonRow, String> comparisonFigureColumn;
    @FXML private TableColumn<ComparisonRow, String> comparisonPredictedColumn;
    @FXML private TableColumn<ComparisonRow, String> comparisonActualColumn;
    @FXML private Label rehearsalMessageLabel;

    public RehearsalsController(RehearsalsViewModel rehearsals, CopyShapeDialog copyDialog) {
        this.rehearsals = rehearsals;
        this.copyDialog = copyDialog;
    }

    @FXML
    private void initialize() {
        rehearsalList.setItems(rehearsals.rehearsals());
        rehearsalList.setPlaceholder(new Label("No rehearsal yet: connect to the hub to copy from, then "
                + "\"Copy shape...\"."));
        rehearsalList.getSelectionModel().selectedItemProperty().addListener((obs, old, r) -> {
            if (r != null) {
                rehearsals.selectedProperty().set(r);
            }
        });
        rehearsals.selectedProperty().addListener((obs, old, r) -> rehearsalList.getSelectionModel().select(r));
        copyShapeOpenButton.disableProperty().bind(rehearsals.canCopyProperty().not());
        rehearsalDetailsLabel.textProperty().bind(rehearsals.detailsProperty());
        rehearsalProfileChoice.setItems(FXCollections.observableArrayList(FaultProfile.values()));
        rehearsalProfileChoice.setConverter(new FaultProfileConverter());
        rehearsalProfileChoice.valueProperty().bindBidirectional(rehearsals.faultProfileProperty());
        rehearsalSeedField.textProperty().bindBidirectional(rehearsals.seedProperty());
        startRehearsalFleetButton.disableProperty().bind(rehearsals.canRehearseProperty().not());
        rehearseButton.disableProperty().bind(rehearsals.canRehearseProperty().not());
        switchToSourceButton.disableProperty().bind(rehearsals.selectedProperty().isNull());
        runForRealButton.disableProperty().bind(rehearsals.canRunForRealProperty().not());
        reloadComparisonButton.disableProperty().bind(rehearsals.selectedProperty().isNull());
        var nothingToExport = javafx.beans.binding.Bindings.isEmpty(rehearsals.comparison());
        exportComparisonCsvButton.disableProperty().bind(nothingToExport);
        exportComparisonJsonButton.disableProperty().bind(nothingToExport);
        comparisonSummaryLabel.textProperty().bind(rehearsals.comparisonSummaryProperty());
        comparisonTable.setItems(rehearsals.comparison());
        comparisonTable.setPlaceholder(new Label("Predicted vs actual per wave shows here once the rehearsed plan "
                + "has run for real."));
        comparisonWaveColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().wave()));
        comparisonFigureColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().figure()));
        comparisonPredictedColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().predicted()));
        comparisonActualColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().actual()));
        rehearsalMessageLabel.textProperty().bind(rehearsals.messageProperty());
        rehearsals.refresh();
    }

    @FXML
    private void copyShape() {
        copyDialog.open(rehearsalList.getScene().getWindow());
    }

    @FXML
    private void startFleet() {
        rehearsals.startFleet();
    }

    @FXML
    private void rehearse() {
        rehearsals.rehearse();
    }

    @FXML
    private void switchToSource() {
        rehearsals.switchToSource();
    }

    @FXML
    private void runForReal() {
        javafx.scene.control.ButtonType go = new javafx.scene.control.ButtonType("Run for real",
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.Alert confirm = new javafx.scene.control.Alert(
                javafx.scene.control.Alert.AlertType.CONFIRMATION, rehearsals.runForRealQuestion(), go,
                javafx.scene.control.ButtonType.CANCEL);
        confirm.initOwner(rehearsalList.getScene().getWindow());
        confirm.setTitle("Run for real");
        confirm.setHeaderText("Run the rehearsed plan on the real hub?");
        confirm.getDialogPane().setId("runForRealConfirmation");
        confirm.getDialogPane().lookupButton(go).setId("confirmRunForRealButton");
        confirm.getDialogPane().getStylesheets().addAll(rehearsalList.getScene().getStylesheets());
        confirm.showAndWait().filter(go::equals).ifPresent(ok -> rehearsals.runForReal());
    }

    @FXML
    private void reload() {
        rehearsals.reload();
    }

    @FXML
    private void exportCsv() {
        export(RehearsalsViewModel.ExportFormat.CSV, "csv");
    }

    @FXML
    private void exportJson() {
        export(RehearsalsViewModel.ExportFormat.JSON, "json");
    }

    private void export(RehearsalsViewModel.ExportFormat format, String extension) {
        RehearsalRecord r = rehearsals.selectedProperty().get();
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export predicted vs actual");
        chooser.setInitialFileName((r == null ? "rehearsal" : r.name()) + "-comparison." + extension);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(extension.toUpperCase(), "*." + extension));
        File file = chooser.showSaveDialog(rehearsalList.getScene().getWindow());
        if (file != null) {
            rehearsals.export(file.toPath(), format);
        }
    }

    /** The tab, so the application can bring it forward. */
    public Tab tab() {
        return rehearsalsTab;
    }
}
