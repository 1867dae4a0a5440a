package dev.twinops.rollout.hub;

/**
 * One device's row of a job ({@code devices.jobs}).
 *
 * @param rowStatus    queued, running, completed, failed, cancelled
 * @param methodStatus the device's answer status, null when it did not answer
 * @param payloadJson  the device's answer body, or null
 * @param errorCode    the hub's error (e.g. {@code DeviceNotOnline}) when the device could not be reached
 */
public record JobDeviceOutcome(String deviceId, String rowStatus, Integer methodStatus, String payloadJson,
                               String errorCode, String errorDescription) {

    public static final String DEVICE_NOT_ONLINE = "DeviceNotOnline";
    public static final String GATEWAY_TIMEOUT = "GatewayTimeout";

    public boolean isCancelled() {
        return "cancelled".equalsIgnoreCase(rowStatus);
    }

    /** The hub could not reach the device (not connected within the connect timeout). */
    public boolean isDeviceNotOnline() {
        return DEVICE_NOT_ONLINE.equalsIgnoreCase(errorCode)
                || (errorDescription != null && errorDescription.contains("404103"));
    }

    /** The device did not answer within the response timeout; it may still carry the operation out. */
    public boolean isTimedOut() {
        return GATEWAY_TIMEOUT.equalsIgnoreCase(errorCode)
                || (errorDescription != null && errorDescription.contains("504101"));
    }
}
