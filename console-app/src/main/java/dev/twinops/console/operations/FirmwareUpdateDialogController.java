package dev.twinops.console.operations;

import java.io.File;

import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The firmware update dialog's content: binds the fields to {@link FirmwareUpdateForm}. */
public final class FirmwareUpdateDialogController {

    private final FirmwareUpdateForm form;
    private final String targets;

    @FXML private Label targetsLabel;
    @FXML private ToggleGroup sourceGroup;
    @FXML private RadioButton localFileRadio;
    @FXML private RadioButton urlRadio;
    @FXML private VBox fileBox;
    @FXML private VBox urlBox;
    @FXML private TextField packageFileField;
    @FXML private Button browseButton;
    @FXML private Button demoImageButton;
    @FXML private Label fileNote;
    @FXML private Label fileMessageLabel;
    @FXML private TextField packageUrlField;
    @FXML private Label urlMessageLabel;
    @FXML private TextField checksumField;
    @FXML private ProgressIndicator hashingIndicator;
    @FXML private Label checksumMessageLabel;
    @FXML private TextField versionField;
    @FXML private Label versionMessageLabel;

    public FirmwareUpdateDialogController(FirmwareUpdateForm form, String targets) {
        this.form = form;
        this.targets = targets;
    }

    @FXML
    private void initialize() {
        targetsLabel.setText("Devices: " + targets);
        localFileRadio.setSelected(form.sourceProperty().get() == FirmwareUpdateForm.Source.FILE);
        urlRadio.setSelected(form.sourceProperty().get() == FirmwareUpdateForm.Source.URL);
        sourceGroup.selectedToggleProperty().addListener((obs, old, toggle) -> {
            if (toggle == null) {
                old.setSelected(true);
            } else {
                form.sourceProperty().set(toggle == urlRadio ? FirmwareUpdateForm.Source.URL : FirmwareUpdateForm.Source.FILE);
            }
        });
        if (!form.filesReachDevices()) {
            fileNote.setText("Only devices on this computer can read a local file; devices on Azure need a URL.");
        }
        demoImageButton.setVisible(form.offersDemoImages());
        demoImageButton.setManaged(form.offersDemoImages());
        demoImageButton.disableProperty().bind(form.creatingDemoProperty());
        fileBox.visibleProperty().bind(localFileRadio.selectedProperty());
        fileBox.managedProperty().bind(fileBox.visibleProperty());
        urlBox.visibleProperty().bind(urlRadio.selectedProperty());
        urlBox.managedProperty().bind(urlBox.visibleProperty());
        packageFileField.textProperty().bindBidirectional(form.filePathProperty());
        packageUrlField.textProperty().bindBidirectional(form.urlProperty());
        checksumField.textProperty().bindBidirectional(form.checksumProperty());
        checksumField.editableProperty().bind(urlRadio.selectedProperty());
        checksumField.promptTextProperty().bind(Bindings.when(urlRadio.selectedProperty())
                .then("the package's SHA-256: 64 hex digits").otherwise("computed from the file"));
        versionField.textProperty().bindBidirectional(form.versionProperty());
        hashingIndicator.visibleProperty().bind(form.hashingProperty());
        bindMessage(fileMessageLabel, form.fileMessageProperty());
        bindMessage(urlMessageLabel, form.urlMessageProperty());
        bindMessage(checksumMessageLabel, form.checksumMessageProperty());
        bindMessage(versionMessageLabel, form.versionMessageProperty());
    }

    static void bindMessage(Label label, javafx.beans.value.ObservableStringValue message) {
        label.textProperty().bind(message);
        label.visibleProperty().bind(Bindings.isNotEmpty(message));
        label.managedProperty().bind(label.visibleProperty());
    }

    @FXML
    private void createDemoImage() {
        form.createDemoImage();
    }

    @FXML
    private void browse() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Firmware package");
        File current = form.filePathProperty().get().isBlank() ? null : new File(form.filePathProperty().get().strip());
        if (current != null && current.getParentFile() != null && current.getParentFile().isDirectory()) {
            chooser.setInitialDirectory(current.getParentFile());
        }
        File chosen = chooser.showOpenDialog(browseButton.getScene().getWindow());
        if (chosen != null) {
            form.filePathProperty().set(chosen.getAbsolutePath());
        }
    }
}
