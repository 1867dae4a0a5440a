package dev.twinops.console.operations;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.twinops.console.fx.ControllerFactory;
import dev.twinops.console.tasks.TaskRunner;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Dialog;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.stage.Window;

/**
 * Opens what the operation buttons and the table's context menu need: the firmware and method dialogs (a fresh
 * form each time) and the confirmation, then hands the request to {@link OperationsViewModel#start}.
 */
public final class OperationDialogs {

    public static final ButtonType UPDATE = new ButtonType("Update", ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType INVOKE = new ButtonType("Invoke", ButtonBar.ButtonData.OK_DONE);

    private final OperationsViewModel operations;
    private final FirmwareUpdateForm.Hasher hasher;
    private final TaskRunner tasks;
    private final BooleanSupplier devicesOnThisComputer;
    private final String stylesheet;
    private final java.nio.file.Path demoFirmwareDirectory;

    /**
     * @param tasks                 where a package's SHA-256 is computed (off the FX thread)
     * @param devicesOnThisComputer true when a {@code file:} URI reaches the devices (local hub or in-process fleet)
     * @param demoFirmwareDirectory where the firmware dialog writes demo images
     */
    public OperationDialogs(OperationsViewModel operations, FirmwareUpdateForm.Hasher hasher, TaskRunner tasks,
                            BooleanSupplier devicesOnThisComputer, String stylesheet,
                            java.nio.file.Path demoFirmwareDirectory) {
        this.operations = Objects.requireNonNull(operations);
        this.hasher = Objects.requireNonNull(hasher);
        this.tasks = Objects.requireNonNull(tasks);
        this.devicesOnThisComputer = Objects.requireNonNull(devicesOnThisComputer);
        this.stylesheet = stylesheet;
        this.demoFirmwareDirectory = demoFirmwareDirectory;
    }

    /** The device table's context menu: the same operations, on the selected rows. */
    public ContextMenu contextMenu(Supplier<Window> window) {
        MenuItem reboot = new MenuItem("Reboot");
        reboot.setOnAction(e -> reboot(window.get(), OperationsViewModel.TargetMode.SELECTION));
        MenuItem reset = new MenuItem("Factory reset");
        reset.setOnAction(e -> factoryReset(window.get(), OperationsViewModel.TargetMode.SELECTION));
        MenuItem firmware = new MenuItem("Firmware update...");
        firmware.setOnAction(e -> firmwareUpdate(window.get(), OperationsViewModel.TargetMode.SELECTION));
        MenuItem method = new MenuItem("Invoke method...");
        method.setOnAction(e -> invokeMethod(window.get(), OperationsViewModel.TargetMode.SELECTION));
        ContextMenu menu = new ContextMenu(reboot, reset, firmware, new SeparatorMenuItem(), method);
        menu.setOnShowing(e -> {
            boolean disabled = !operations.canActOnSelection();
            menu.getItems().forEach(item -> item.setDisable(disabled));
        });
        return menu;
    }

    public void reboot(Window owner, OperationsViewModel.TargetMode mode) {
        use(mode);
        confirmAndStart(owner, OperationRequest.reboot());
    }

    public void factoryReset(Window owner, OperationsViewModel.TargetMode mode) {
        use(mode);
        confirmAndStart(owner, OperationRequest.factoryReset());
    }

    public void firmwareUpdate(Window owner, OperationsViewModel.TargetMode mode) {
        use(mode);
        FirmwareUpdateForm form = new FirmwareUpdateForm(hasher, tasks, devicesOnThisComputer.getAsBoolean());
        form.offerDemoImages(demoFirmwareDirectory);
        ControllerFactory controllers = new ControllerFactory().register(FirmwareUpdateDialogController.class,
                () -> new FirmwareUpdateDialogController(form, operations.targets().describe()));
        Dialog<Void> dialog = dialog(owner, "Firmware update", "Install a firmware package",
                controllers, "FirmwareUpdateDialog.fxml", UPDATE);
        Node send = dialog.getDialogPane().lookupButton(UPDATE);
        send.setId("sendFirmwareUpdateButton");
        send.addEventFilter(ActionEvent.ACTION, event -> {
            OperationRequest request = form.toRequest();
            if (request == null || !confirm(dialog.getDialogPane().getScene().getWindow(), request)) {
                event.consume(); // stay open: a field says what is wrong, or the operator changed their mind
                return;
            }
            operations.start(request);
        });
        dialog.show();
    }

    public void invokeMethod(Window owner, OperationsViewModel.TargetMode mode) {
        use(mode);
        MethodInvocationForm form = new MethodInvocationForm();
        ControllerFactory controllers = new ControllerFactory().register(InvokeMethodDialogController.class,
                () -> new InvokeMethodDialogController(form, operations.targets().describe()));
        Dialog<Void> dialog = dialog(owner, "Invoke method", "Call a direct method", controllers,
                "InvokeMethodDialog.fxml", INVOKE);
        Node invoke = dialog.getDialogPane().lookupButton(INVOKE);
        invoke.setId("invokeButton");
        invoke.addEventFilter(ActionEvent.ACTION, event -> {
            OperationRequest request = form.toRequest();
            if (request == null || !confirm(dialog.getDialogPane().getScene().getWindow(), request)) {
                event.consume();
                return;
            }
            operations.start(request);
        });
        dialog.show();
    }

    private void use(OperationsViewModel.TargetMode mode) {
        if (mode != null) {
            operations.targetModeProperty().set(mode);
        }
    }

    private void confirmAndStart(Window owner, OperationRequest request) {
        if (confirm(owner, request)) {
            operations.start(request);
        }
    }

    /** Asks when the view model says so; true when the operator confirmed (or nothing needed asking). */
    private boolean confirm(Window owner, OperationRequest request) {
        Confirmation c = operations.confirmation(request);
        if (c == null) {
            return true;
        }
        ButtonType go = new ButtonType(c.confirmLabel(), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, c.text(), go, ButtonType.CANCEL);
        alert.initOwner(owner);
        alert.setTitle(c.title());
        alert.setHeaderText(c.header());
        alert.getDialogPane().setId("operationConfirmation");
        alert.getDialogPane().lookupButton(go).setId("confirmOperationButton");
        // each button as wide as its own text: a uniform bar would cut "Update 300 devices to firmware 2.0.0"
        ButtonBar.setButtonUniformSize(alert.getDialogPane().lookupButton(go), false);
        ButtonBar.setButtonUniformSize(alert.getDialogPane().lookupButton(ButtonType.CANCEL), false);
        alert.getDialogPane().setPrefWidth(560);
        if (stylesheet != null) {
            alert.getDialogPane().getStylesheets().add(stylesheet);
        }
        return alert.showAndWait().filter(go::equals).isPresent();
    }

    private Dialog<Void> dialog(Window owner, String title, String header, ControllerFactory controllers, String fxml,
                                ButtonType action) {
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(title);
        dialog.setHeaderText(header);
        dialog.getDialogPane().setContent(controllers.load(OperationDialogs.class, fxml));
        dialog.getDialogPane().getButtonTypes().addAll(action, ButtonType.CANCEL);
        if (stylesheet != null) {
            dialog.getDialogPane().getStylesheets().add(stylesheet);
        }
        return dialog;
    }
}
