package dev.twinops.console.operations;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.twinops.console.code.CodeSnippet;

import dev.twinops.console.code.CodeView;
import dev.twinops.console.fx.ControllerFactory;
import dev.twinops.console.fx.DialogSizing;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The JavaFX {@link DialogService}: the firmware and method dialogs with their FXML content, the confirmation, the
 * error. A confirmation asked while a form is open belongs to the form's window, otherwise to the main window.
 */
public final class OperationDialogs implements DialogService {

    public static final ButtonType UPDATE = new ButtonType("Update", ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType INVOKE = new ButtonType("Invoke", ButtonBar.ButtonData.OK_DONE);

    private final Window mainWindow;
    private final String stylesheet;
    /** The open form's window while its action runs: questions asked then belong to it. */
    private Window formWindow;

    public OperationDialogs(Window mainWindow, String stylesheet) {
        this.mainWindow = Objects.requireNonNull(mainWindow);
        this.stylesheet = stylesheet;
    }

    @Override
    public void showForm(OperationForm form, String targets, BooleanSupplier submit, Supplier<CodeSnippet> code) {
        Dialog<Void> dialog;
        Node action;
        if (form instanceof FirmwareUpdateForm firmware) {
            ControllerFactory controllers = new ControllerFactory().register(FirmwareUpdateDialogController.class,
                    () -> new FirmwareUpdateDialogController(firmware, targets));
            dialog = dialog("Firmware update", "Install a firmware package", controllers, "FirmwareUpdateDialog.fxml",
                    UPDATE);
            action = dialog.getDialogPane().lookupButton(UPDATE);
            action.setId("sendFirmwareUpdateButton");
        } else if (form instanceof MethodInvocationForm method) {
            ControllerFactory controllers = new ControllerFactory().register(InvokeMethodDialogController.class,
                    () -> new InvokeMethodDialogController(method, targets));
            dialog = dialog("Invoke method", "Call a direct method", controllers, "InvokeMethodDialog.fxml", INVOKE);
            action = dialog.getDialogPane().lookupButton(INVOKE);
            action.setId("invokeButton");
        } else {
            throw new IllegalArgumentException("no dialog for " + form.getClass().getName());
        }
        // Copy as code for the filled-in form: one device gets no confirmation, so the form offers it
        ButtonType showCode = new ButtonType("Copy as code...", ButtonBar.ButtonData.LEFT);
        dialog.getDialogPane().getButtonTypes().add(showCode);
        Node codeButton = dialog.getDialogPane().lookupButton(showCode);
        codeButton.setId("formCodeButton");
        codeButton.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume(); // the form stays open
            CodeSnippet snippet = code.get();
            if (snippet != null) {
                formWindow = dialog.getDialogPane().getScene().getWindow();
                try {
                    showCode(dialog.getTitle() + " as code", snippet);
                } finally {
                    formWindow = null;
                }
            }
        });
        action.addEventFilter(ActionEvent.ACTION, event -> {
            formWindow = dialog.getDialogPane().getScene().getWindow();
            try {
                if (!submit.getAsBoolean()) {
                    event.consume(); // stay open
                }
            } finally {
                formWindow = null;
            }
        });
        dialog.show();
    }

    @Override
    public boolean confirm(Confirmation c) {
        ButtonType go = new ButtonType(c.confirmLabel(), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, c.text(), go, ButtonType.CANCEL);
        alert.initOwner(owner());
        alert.setTitle(c.title());
        alert.setHeaderText(c.header());
        alert.getDialogPane().setId("operationConfirmation");
        alert.getDialogPane().lookupButton(go).setId("confirmOperationButton");
        // each button as wide as its own text: a uniform bar would cut "Update 300 devices to firmware 2.0.0"
        ButtonBar.setButtonUniformSize(alert.getDialogPane().lookupButton(go), false);
        ButtonBar.setButtonUniformSize(alert.getDialogPane().lookupButton(ButtonType.CANCEL), false);
        alert.getDialogPane().setPrefWidth(560);
        if (c.code() != null) {
            // Copy as code: the operation as the SDK call and az command, shown under the question on request
            Label question = new Label(c.text());
            question.setWrapText(true);
            Button showCode = new Button("Copy as code...");
            showCode.setId("operationCodeButton");
            showCode.setOnAction(e -> alert.getDialogPane().setExpanded(!alert.getDialogPane().isExpanded()));
            alert.getDialogPane().setContent(new VBox(10, question, showCode));
            alert.getDialogPane().setExpandableContent(CodeView.of(c.code()));
        }
        style(alert);
        return alert.showAndWait().filter(go::equals).isPresent();
    }

    @Override
    public void showCode(String title, CodeSnippet code) {
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner());
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        dialog.getDialogPane().setId("operationCodeDialog");
        dialog.getDialogPane().setContent(CodeView.of(code));
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.getDialogPane().setPrefWidth(640);
        style(dialog);
        dialog.show();
    }

    @Override
    public void showError(String title, String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        alert.initOwner(owner());
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setId("operationError");
        style(alert);
        alert.showAndWait();
    }

    private Window owner() {
        return formWindow != null ? formWindow : mainWindow;
    }

    private Dialog<Void> dialog(String title, String header, ControllerFactory controllers, String fxml,
                                ButtonType action) {
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(mainWindow);
        dialog.setTitle(title);
        dialog.setHeaderText(header);
        dialog.getDialogPane().setContent(controllers.load(OperationDialogs.class, fxml));
        dialog.getDialogPane().getButtonTypes().addAll(action, ButtonType.CANCEL);
        style(dialog);
        return dialog;
    }

    private void style(Dialog<?> dialog) {
        DialogSizing.growWithContent(dialog);
        if (stylesheet != null) {
            dialog.getDialogPane().getStylesheets().add(stylesheet);
        }
    }
}
