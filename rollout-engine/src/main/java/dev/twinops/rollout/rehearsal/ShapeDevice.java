package dev.twinops.rollout.rehearsal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.dm.reported.DeviceInfo;
import java.util.Objects;

/**
 * One device as the copy reads it from the source hub: its id, twin tags, reported firmware version and reported
 * device info (the device-management contract's {@code firmwareVersion} and {@code deviceInfo}). Never a key, never
 * a desired property.
 *
 * @param tags            the twin's tags, an empty object when it has none
 * @param firmwareVersion null when the device has not reported one
 * @param deviceInfo      null when the device has not reported it
 */
public record ShapeDevice(String deviceId, ObjectNode tags, String firmwareVersion, DeviceInfo deviceInfo) {

    public ShapeDevice {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(tags, "tags");
    }

    /** The same device under another id (the copy's id mapping). */
    public ShapeDevice withDeviceId(String id) {
        return new ShapeDevice(id, tags, firmwareVersion, deviceInfo);
    }
}
