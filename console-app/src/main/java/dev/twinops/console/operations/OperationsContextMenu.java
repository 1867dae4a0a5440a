package dev.twinops.console.operations;

import java.util.Objects;

import javafx.scene.control.ContextMenu;
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
        ContextMenu menu = new ContextMenu(reboot, reset, firmware, new SeparatorMenuItem(), method);
        menu.setOnShowing(e -> {
            boolean disabled = !flow.canActOnSelection();
            menu.getItems().forEach(item -> item.setDisable(disabled));
        });
        return menu;
    }
}
