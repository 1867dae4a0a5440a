package dev.twinops.console.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.twinops.console.devices.DeviceRow;
import javafx.beans.property.SimpleObjectProperty;

class SelectedTwinFollowerTest {

    private final List<Runnable> queued = new ArrayList<>();
    private int reloads;

    @Test
    void theSelectedDevicesTwinIsReadAgainOncePerBatchOfChangesAndOtherDevicesAreIgnored() {
        DeviceRow selectedRow = new DeviceRow("pump-0003");
        DeviceRow otherRow = new DeviceRow("pump-0004");
        SimpleObjectProperty<DeviceRow> selected = new SimpleObjectProperty<>(selectedRow);
        new SelectedTwinFollower(selected, () -> reloads++, queued::add);

        selectedRow.showOperation("Firmware 2.1.0", 0.4);
        selectedRow.showOperationPhase("downloading 40%");
        otherRow.showOperationPhase("downloading 10%");
        runQueued();
        assertThat(reloads).isEqualTo(1);

        selectedRow.showOperationPhase("verifying");
        runQueued();
        assertThat(reloads).isEqualTo(2);

        // another selection: the previous device's changes no longer read anything
        selected.set(otherRow);
        selectedRow.showOperationPhase("applying");
        runQueued();
        assertThat(reloads).isEqualTo(2);
        otherRow.showOperationPhase("downloading 20%");
        runQueued();
        assertThat(reloads).isEqualTo(3);

        selected.set(null);
        otherRow.showOperationPhase("downloading 30%");
        runQueued();
        assertThat(reloads).isEqualTo(3);
    }

    private void runQueued() {
        List<Runnable> now = new ArrayList<>(queued);
        queued.clear();
        now.forEach(Runnable::run);
    }
}
