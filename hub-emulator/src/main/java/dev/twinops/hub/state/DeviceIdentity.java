package dev.twinops.hub.state;

import java.time.Instant;

/**
 * A device in the identity registry: its SAS keys and whether it may connect.
 *
 * @param etag changes on every registry update of the device
 */
public record DeviceIdentity(
        String deviceId,
        String primaryKey,
        String secondaryKey,
        DeviceStatus status,
        String statusReason,
        Instant statusUpdatedTime,
        String etag,
        String generationId) {
}
