package dev.twinops.console.operations;

import java.util.Objects;

import dev.twinops.dm.method.MethodResponse;

/**
 * How one direct method call ended, and what that means in words an operator understands: the device's own
 * answer (status and body), or the hub's error when the device could not answer (404103 offline, 504101 no
 * answer in time), or a failure to reach the hub at all.
 */
public sealed interface MethodOutcome {

    /** IoT Hub's code for "device not online" (the device did not connect within the connect timeout). */
    int DEVICE_NOT_ONLINE = 404103;
    /** IoT Hub's code for "the device did not answer within the response timeout". */
    int METHOD_TIMED_OUT = 504101;
    int DEVICE_NOT_FOUND = 404001;

    /** The sentence for the operator. */
    String describe();

    /** True when the device accepted: progress should follow. */
    boolean accepted();

    /**
     * True when the operation may still be carried out although the call did not say so (504101: a slow
     * device may still act), so the console keeps watching reported state until the deadline.
     */
    boolean mayStillHappen();

    /** The device answered. */
    record Answered(String deviceId, int status, String payloadJson) implements MethodOutcome {

        public MethodResponse response() {
            return MethodResponse.fromDevice(status, payloadJson);
        }

        @Override
        public boolean accepted() {
            return status >= 200 && status < 300;
        }

        @Override
        public boolean mayStillHappen() {
            return false;
        }

        @Override
        public String describe() {
            MethodResponse r = response();
            String reason = r.reason() == null || r.reason().isBlank() ? "" : ": " + r.reason();
            return switch (status) {
                case 200, 201, 202, 204 -> r.operationId() != null
                        ? deviceId + " accepted (status " + status + ", operation " + r.operationId() + ")"
                        : deviceId + " answered " + status + payloadSuffix();
                case 400 -> deviceId + " rejected the request (400)" + reason;
                case 403 -> deviceId + " declined for now (403)" + reason + ". Try again later.";
                case 404 -> deviceId + " does not implement this method (404)" + reason;
                case 409 -> deviceId + " is busy (409)" + (r.method() != null && r.operationId() != null
                        ? ": " + r.method() + " " + r.operationId() + " is still running" : reason);
                default -> deviceId + " answered " + status + payloadSuffix();
            };
        }

        private String payloadSuffix() {
            if (payloadJson == null || payloadJson.isBlank() || payloadJson.equals("null")) {
                return " with no payload";
            }
            String p = payloadJson.length() > 300 ? payloadJson.substring(0, 300) + "…" : payloadJson;
            return ": " + p;
        }
    }

    /** The hub answered for the device (offline, timed out, unknown device, refused request). */
    record HubError(String deviceId, int errorCode, String hubMessage, int responseTimeoutSeconds,
                    int connectTimeoutSeconds) implements MethodOutcome {

        @Override
        public boolean accepted() {
            return false;
        }

        @Override
        public boolean mayStillHappen() {
            return errorCode == METHOD_TIMED_OUT;
        }

        @Override
        public String describe() {
            return switch (errorCode) {
                case DEVICE_NOT_ONLINE -> deviceId + " is offline (404103): it was not connected"
                        + (connectTimeoutSeconds == 0 ? "" : " within the " + connectTimeoutSeconds + " s connect timeout")
                        + ". Nothing was sent to it.";
                case METHOD_TIMED_OUT -> deviceId + " did not answer within " + responseTimeoutSeconds
                        + " s (504101). It may still carry the operation out; its reported state is watched until the deadline.";
                case DEVICE_NOT_FOUND -> deviceId + " is not registered in this hub (404001).";
                default -> "The hub refused the call to " + deviceId + ": " + hubMessage;
            };
        }
    }

    /** The hub could not be reached or the call failed before an answer. */
    record CallFailed(String deviceId, String message) implements MethodOutcome {

        public CallFailed {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public boolean accepted() {
            return false;
        }

        @Override
        public boolean mayStillHappen() {
            return false;
        }

        @Override
        public String describe() {
            return "The call to " + deviceId + " failed: " + message;
        }
    }
}
