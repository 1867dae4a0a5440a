package dev.twinops.console.progress;

import dev.twinops.console.devices.DeviceSnapshot;

/** Receives what the monitor learns, on the monitor's thread; implementations hand it to the UI. */
public interface ProgressSink {

    /**
     * A device's progress in an operation changed.
     *
     * @param rowLabel what the device's row calls the operation: "Firmware 2.0.0", "Reboot"
     */
    void device(String operationId, String rowLabel, DeviceProgress progress);

    /** A device's table fields as the last progress query read them. */
    void snapshot(DeviceSnapshot snapshot);

    /** An operation's counts changed. */
    void summary(OperationSummary summary);

    /** Stops showing an operation (dismissed). */
    void removed(String operationId);
}
