package dev.twinops.console.progress;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.twinops.console.devices.DeviceRow;
import dev.twinops.console.devices.DeviceRowEvents;
import dev.twinops.console.devices.DeviceSnapshot;
import dev.twinops.console.devices.RowOperation;

/**
 * Tells the device list, in its own words ({@link RowOperation}), how each device stands in its operations, and
 * the fresher fields progress queries read; the list alone writes its rows. On the monitor's thread.
 */
public final class RowProgressFeed implements ProgressSink {

    private final DeviceRowEvents rows;
    /** Which operation is newer: a row shows the newest one its device is part of. */
    private final Map<String, Instant> requestTimes = new HashMap<>();

    public RowProgressFeed(DeviceRowEvents rows) {
        this.rows = Objects.requireNonNull(rows);
    }

    @Override
    public void summary(OperationSummary summary) {
        requestTimes.put(summary.operationId(), summary.requestedAt());
    }

    @Override
    public void removed(String operationId) {
        requestTimes.remove(operationId);
        rows.operationDismissed(operationId);
    }

    @Override
    public void snapshot(DeviceSnapshot snapshot) {
        rows.deviceRead(snapshot);
    }

    @Override
    public void device(String operationId, String rowLabel, DeviceProgress p) {
        rows.operationChanged(new RowOperation(p.deviceId(), operationId,
                requestTimes.getOrDefault(operationId, Instant.MAX), operationText(rowLabel, p),
                p.state().isSettled() ? "" : p.phase(), progress(p), outcome(p)));
    }

    /**
     * The part of the text that changes rarely: "Firmware 2.1.0" while in flight, then "Firmware 2.1.0 · current",
     * "Reboot · failed: …", "… · stuck (…)".
     */
    static String operationText(String label, DeviceProgress p) {
        return switch (p.state()) {
            case FAILED -> label + " · failed" + (p.detail().isBlank() ? "" : ": " + p.detail());
            case STUCK -> label + " · stuck (" + p.detail() + ")";
            case SUCCEEDED -> label + " · " + p.phase();
            default -> label;
        };
    }

    /** For the cell's colour. */
    static String outcome(DeviceProgress p) {
        return switch (p.state()) {
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            case STUCK -> "stuck";
            default -> "";
        };
    }

    /** The bar shows while the device is on its way and when it is done; failed and stuck rows say so in words. */
    static double progress(DeviceProgress p) {
        return switch (p.state()) {
            case FAILED, STUCK -> DeviceRow.NO_PROGRESS;
            default -> p.fraction();
        };
    }
}
