package dev.twinops.console.connection;

import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;

/** The connect dialog's content: binds fields to {@link ConnectDialogViewModel}. */
public final class ConnectDialogController {

    private final ConnectDialogViewModel dialog;

    @FXML private PasswordField connectionStringField;
    @FXML private Label connectionSummaryLabel;
    @FXML private TextField nameField;
    @FXML private ProgressIndicator busyIndicator;
    @FXML private Label problemLabel;

    public ConnectDialogController(ConnectDialogViewModel dialog) {
        this.dialog = dialog;
    }

    @FXML
    private void initialize() {
        connectionStringField.textProperty().bindBidirectional(dialog.connectionStringProperty());
        nameField.textProperty().bindBidirectional(dialog.nameProperty());
        connectionSummaryLabel.textProperty().bind(dialog.summaryProperty());
        problemLabel.textProperty().bind(dialog.problemProperty());
        busyIndicator.visibleProperty().bind(dialog.busyProperty());
        busyIndicator.managedProperty().bind(dialog.busyProperty());
        connectionStringField.disableProperty().bind(dialog.busyProperty());
        nameField.disableProperty().bind(dialog.busyProperty());
    }
}
