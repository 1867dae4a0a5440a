package dev.twinops.console.operations;

import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;

/** The invoke-method dialog's content: binds the fields to {@link MethodInvocationForm}. */
public final class InvokeMethodDialogController {

    private final MethodInvocationForm form;
    private final String targets;

    @FXML private Label targetsLabel;
    @FXML private TextField methodNameField;
    @FXML private Label methodMessageLabel;
    @FXML private TextArea payloadArea;
    @FXML private Label payloadMessageLabel;
    @FXML private TextField responseTimeoutField;
    @FXML private Label responseTimeoutHelp;
    @FXML private Label responseTimeoutMessageLabel;
    @FXML private TextField connectTimeoutField;
    @FXML private Label connectTimeoutHelp;
    @FXML private Label connectTimeoutMessageLabel;

    public InvokeMethodDialogController(MethodInvocationForm form, String targets) {
        this.form = form;
        this.targets = targets;
    }

    @FXML
    private void initialize() {
        targetsLabel.setText("Devices: " + targets);
        methodNameField.textProperty().bindBidirectional(form.methodNameProperty());
        payloadArea.textProperty().bindBidirectional(form.payloadProperty());
        responseTimeoutField.textProperty().bindBidirectional(form.responseTimeoutProperty());
        connectTimeoutField.textProperty().bindBidirectional(form.connectTimeoutProperty());
        responseTimeoutHelp.setText(MethodInvocationForm.RESPONSE_TIMEOUT_HELP);
        connectTimeoutHelp.setText(MethodInvocationForm.CONNECT_TIMEOUT_HELP);
        FirmwareUpdateDialogController.bindMessage(methodMessageLabel, form.methodMessageProperty());
        FirmwareUpdateDialogController.bindMessage(payloadMessageLabel, form.payloadMessageProperty());
        FirmwareUpdateDialogController.bindMessage(responseTimeoutMessageLabel, form.responseTimeoutMessageProperty());
        FirmwareUpdateDialogController.bindMessage(connectTimeoutMessageLabel, form.connectTimeoutMessageProperty());
        form.payloadValidProperty().addListener((obs, was, valid) ->
                payloadArea.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("invalid"), !valid));
    }
}
