package dev.twinops.console.progress;

import dev.twinops.console.devices.DeviceSnapshot;
import dev.twinops.dm.reported.ReportedDeviceState;

/** One device as a progress query read it: the table's fields and the reported device-management state. */
public record DeviceReport(DeviceSnapshot snapshot, ReportedDeviceState reported) {

    public String deviceId() {
        return snapshot.deviceId();
    }
}
