package dev.twinops.console.connection;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.stage.DirectoryChooser;

/** The open-local-hub dialog's content: binds fields to {@link OpenLocalHubViewModel}. */
public final class OpenLocalHubController {

    private final OpenLocalHubViewModel dialog;

    @FXML private TextField locationField;
    @FXML private Button browseButton;
    @FXML private Label locationProblemLabel;
    @FXML private TextField nameField;
    @FXML private Label nameProblemLabel;
    @FXML private ProgressIndicator busyIndicator;

    public OpenLocalHubController(OpenLocalHubViewModel dialog) {
        this.dialog = dialog;
    }

    @FXML
    private void initialize() {
        locationField.textProperty().bindBidirectional(dialog.locationProperty());
        nameField.textProperty().bindBidirectional(dialog.nameProperty());
        bindProblem(locationProblemLabel, dialog.locationProblemProperty());
        bindProblem(nameProblemLabel, dialog.nameProblemProperty());
        busyIndicator.visibleProperty().bind(dialog.busyProperty());
        busyIndicator.managedProperty().bind(dialog.busyProperty());
        locationField.disableProperty().bind(dialog.busyProperty());
        browseButton.disableProperty().bind(dialog.busyProperty());
        nameField.disableProperty().bind(dialog.busyProperty());
    }

    @FXML
    private void browse() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("The local hub's data directory");
        String typed = dialog.locationProperty().get();
        if (typed != null && !typed.isBlank()) {
            Path start = Path.of(typed.strip());
            if (Files.isDirectory(start)) {
                chooser.setInitialDirectory(start.toFile());
            }
        }
        File chosen = chooser.showDialog(locationField.getScene().getWindow());
        if (chosen != null) {
            dialog.locationProperty().set(chosen.getAbsolutePath());
        }
    }

    private static void bindProblem(Label label, javafx.beans.value.ObservableStringValue problem) {
        label.textProperty().bind(problem);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }
}
