package dev.twinops.hub.state;

/**
 * One device's part of a bulk registry request.
 *
 * @param device the identity as for {@link DeviceRegistry#putDevice} (for a delete only its id counts)
 * @param eTag   compared with the device's etag by the "IfMatchETag" modes; ignored by the others
 */
public record RegistryOperation(ImportMode mode, DeviceIdentity device, String eTag) {

    public String deviceId() {
        return device.deviceId();
    }

    /** Why one device's part of a bulk request was not done; the other parts are not affected. */
    public record Refusal(String deviceId, HubError error, String message) {
    }
}
