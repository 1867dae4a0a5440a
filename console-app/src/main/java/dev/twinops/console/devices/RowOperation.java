package dev.twinops.console.devices;

import java.time.Instant;
import java.util.Objects;

/**
 * What a device's row shows of an operation it is part of; when a device is part of several, the newest wins.
 *
 * @param requestedAt when the operation was sent (which one is newer)
 * @param operation   the part that changes rarely and sorts the column: "Firmware 2.1.0" while under way, then
 *                    "Firmware 2.1.0 · current", "Reboot · failed: …", "… · stuck (…)"
 * @param phase       the live phase while under way ("downloading 40%"), "" once settled; changing it does not
 *                    re-sort the list
 * @param progress    0..1 for the bar, or {@link DeviceRow#NO_PROGRESS} for none
 * @param outcome     "", "succeeded", "failed" or "stuck", for the cell's colour
 */
public record RowOperation(String deviceId, String operationId, Instant requestedAt, String operation, String phase,
                           double progress, String outcome) {

    public RowOperation {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(requestedAt, "requestedAt");
        operation = operation == null ? "" : operation;
        phase = phase == null ? "" : phase;
        outcome = outcome == null ? "" : outcome;
    }
}
