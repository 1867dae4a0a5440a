package dev.twinops.console.operations;

import java.util.Objects;

import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;

/** The device table's context menu: the same operations as the buttons, always on the selected rows. */
public final class OperationsContextMenu {

    private final OperationFlow flow;

    public OperationsContextMenu(OperationFlow flow) {
        this.flow = Objects.requireNonNull(flow);
    }

    public ContextMenu create() {
        OperationsViewModel.TargetMode selection = OperationsViewModel.TargetMode.SELECTION;
        MenuItem reboot = new MenuItem("Reboot");
        reboot.setOnAction(e -> flow.reboot(selection));
        MenuItem reset = new MenuItem("Factory reset");
        reset.setOnAction(e -> flow.factoryReset(selection));
        MenuItem firmware = new MenuItem("Firmware update...");
        firmware.setOnAction(e -> flow.firmwareUpdate(selection));
        MenuItem method = new MenuItem("Invoke method...");
        method.setOnAction(e -> flow.invokeMethod(selection));
        // Copy as code without sending: a reboot of one device asks nothing, so its code is offered here
        MenuItem rebootCode = new MenuItem("Reboot");
        rebootCode.setOnAction(e -> flow.showCode(OperationRequest.reboot(), selection));
        MenuItem resetCode = new MenuItem("Factory reset");
        resetCode.setOnAction(e -> flow.showCode(OperationRequest.factoryReset(), selection));
        Menu code = new Menu("Copy as code", null, rebootCode, resetCode);
        code.setId("copyAsCodeMenu");
        ContextMenu menu = new ContextMenu(reboot, reset, firmware, new SeparatorMenuItem(), method,
                new SeparatorMenuItem(), code);
        menu.setOnShowing(e -> {
            boolean disabled = !flow.canActOnSelection();
            menu.getItems().forEach(item -> item.setDisable(disabled));
        });
        return menu;
    }
}
