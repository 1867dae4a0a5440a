package dev.twinops.console.devices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceRowOperationTextTest {

    @Test
    void aNarrowColumnCutsTheOperationNameNotTheLivePhase() {
        DeviceRow row = new DeviceRow("pump-0001");
        row.showOperation("Firmware 2.1.0", 0.4);
        row.showOperationPhase("downloading 40%");
        assertThat(row.operationCellText()).isEqualTo("downloading 40% · Firmware 2.1.0");
        assertThat(row.operationText()).isEqualTo("Firmware 2.1.0 · downloading 40%");

        row.showOperationPhase("");
        row.showOperation("Firmware 2.1.0 · current", 1.0, "succeeded");
        assertThat(row.operationCellText()).isEqualTo("Firmware 2.1.0 · current");
    }
}
