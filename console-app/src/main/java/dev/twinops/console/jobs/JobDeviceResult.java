package dev.twinops.console.jobs;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import dev.twinops.console.operations.MethodOutcome;

/**
 * One row of {@code SELECT * FROM devices.jobs}: a device's part in a job ({@link JobsService#deviceResults}).
 *
 * @param status       queued, scheduled, running, completed, failed, cancelled
 * @param methodStatus the device's answer status, or null when it did not answer
 * @param payloadJson  the device's answer payload ("null" when none)
 * @param errorCode    the hub's error name (e.g. DeviceNotOnline) when the device could not be reached
 */
public record JobDeviceResult(String deviceId, String jobId, String status, Integer methodStatus, String payloadJson,
                              String errorCode, String errorDescription) {

    public JobDeviceResult {
        Objects.requireNonNull(deviceId, "deviceId");
        status = status == null ? "" : status;
    }

    /** Reads a row as the hub sends it (JSON). */
    public static JobDeviceResult fromRow(JsonNode row) {
        JsonNode response = row.path("outcome").path("deviceMethodResponse");
        Integer methodStatus = response.path("status").canConvertToInt() ? response.path("status").asInt() : null;
        JsonNode payload = response.get("payload");
        JsonNode error = row.get("error");
        return new JobDeviceResult(row.path("deviceId").asText(), row.path("jobId").asText(""),
                row.path("status").asText(""), methodStatus, payload == null ? null : payload.toString(),
                error != null && error.isObject() ? error.path("code").asText(null) : null,
                error != null && error.isObject() ? error.path("description").asText(null) : null);
    }

    /** The device has had its turn (answered or failed to be reached). */
    public boolean isDone() {
        return status.equals("completed") || status.equals("failed") || status.equals("cancelled");
    }

    /**
     * The device's answer as a method outcome, or null while its turn has not come. {@code responseTimeout}
     * and {@code connectTimeout} only shape the words.
     */
    public MethodOutcome outcome(int responseTimeout, int connectTimeout) {
        if (methodStatus != null) {
            return new MethodOutcome.Answered(deviceId, methodStatus, payloadJson);
        }
        if (status.equals("cancelled")) {
            return new MethodOutcome.CallFailed(deviceId, "the job was cancelled before this device's turn");
        }
        if (errorCode != null || status.equals("failed")) {
            int code = hubCode();
            if (code > 0) {
                return new MethodOutcome.HubError(deviceId, code, errorDescription == null ? errorCode : errorDescription,
                        responseTimeout, connectTimeout);
            }
            return new MethodOutcome.CallFailed(deviceId, (errorCode == null ? "failed" : errorCode)
                    + (errorDescription == null || errorDescription.isBlank() ? "" : ": " + errorDescription));
        }
        return null;
    }

    /** The six-digit IoT Hub code, from the description ("... (errorCode 404103)") or the error name. */
    int hubCode() {
        if (errorDescription != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(\\d{6})\\b").matcher(errorDescription);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        if ("DeviceNotOnline".equals(errorCode)) {
            return MethodOutcome.DEVICE_NOT_ONLINE;
        }
        if ("GatewayTimeout".equals(errorCode)) {
            return MethodOutcome.METHOD_TIMED_OUT;
        }
        if ("DeviceNotFound".equals(errorCode)) {
            return MethodOutcome.DEVICE_NOT_FOUND;
        }
        return 0;
    }
}
