package dev.twinops.console.devices;

import java.time.Instant;
import java.util.Objects;

/**
 * The few twin fields the device table shows, read once from a query row. Holding these instead of the
 * whole twin keeps 10,000 rows small; the detail pane fetches the full twin when a device is selected.
 *
 * @param lastActivity null when the hub never saw the device
 * @param tagSummary   "key=value" pairs of the twin's top-level tags, comma-separated
 */
public record DeviceSnapshot(String deviceId, String connectionState, String status, String firmwareVersion,
                             Instant lastActivity, String tagSummary) {

    public DeviceSnapshot {
        Objects.requireNonNull(deviceId, "deviceId");
        connectionState = nullToEmpty(connectionState);
        status = nullToEmpty(status);
        firmwareVersion = nullToEmpty(firmwareVersion);
        tagSummary = nullToEmpty(tagSummary);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
