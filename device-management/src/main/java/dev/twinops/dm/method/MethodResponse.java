package dev.twinops.dm.method;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.twinops.dm.DmMethod;
import dev.twinops.dm.json.DmJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a device answers to a management method: a status (200, 400, 403, 404, 409) and a JSON body
 * {@code {"code": "...", "operationId": "...", "method": "...", "reason": "..."}} (absent fields left out).
 *
 * <p>For 200 {@code operationId} is the id the device reports progress under; for 409 it is the id of the
 * operation already running, and {@code method} its method.
 */
public record MethodResponse(int status, MethodResponseCode code, String operationId, String method, String reason) {

    public MethodResponse {
        Objects.requireNonNull(code, "code");
    }

    public static MethodResponse accepted(DmMethod method, String operationId) {
        return new MethodResponse(200, MethodResponseCode.ACCEPTED, Objects.requireNonNull(operationId, "operationId"),
                method.methodName(), null);
    }

    public static MethodResponse invalidRequest(String reason) {
        return new MethodResponse(400, MethodResponseCode.INVALID_REQUEST, null, null, reason);
    }

    public static MethodResponse refused(DmMethod method, String reason) {
        return new MethodResponse(403, MethodResponseCode.REFUSED, null, method.methodName(), reason);
    }

    public static MethodResponse unknownMethod(String methodName) {
        return new MethodResponse(404, MethodResponseCode.UNKNOWN_METHOD, null, methodName,
                "this device does not implement method '" + methodName + "'");
    }

    public static MethodResponse busy(DmMethod runningMethod, String runningOperationId) {
        return new MethodResponse(409, MethodResponseCode.BUSY, runningOperationId, runningMethod.methodName(),
                runningMethod.methodName() + " " + runningOperationId + " is in progress");
    }

    public boolean isAccepted() {
        return code == MethodResponseCode.ACCEPTED;
    }

    /** The response body as a map, ready to hand to the device SDK's {@code DirectMethodResponse}. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code.name());
        if (operationId != null) {
            body.put("operationId", operationId);
        }
        if (method != null) {
            body.put("method", method);
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        return body;
    }

    public String bodyJson() {
        return DmJson.toJson(body());
    }

    /**
     * Reads a device's answer as the console receives it ({@code DirectMethodResponse.getStatus()} and
     * {@code getPayloadAsJsonString()}). A body that is not ours (another device implementation) still yields a
     * response: its code is derived from the status and the raw body becomes the reason.
     */
    public static MethodResponse fromDevice(int status, String bodyJson) {
        Map<?, ?> body = null;
        if (bodyJson != null && !bodyJson.isBlank()) {
            try {
                Object parsed = DmJson.mapper().readValue(bodyJson, Object.class);
                if (parsed instanceof Map<?, ?> m) {
                    body = m;
                }
            } catch (JsonProcessingException e) {
                body = null;
            }
        }
        MethodResponseCode code = codeFor(status, body == null ? null : body.get("code"));
        if (body == null) {
            return new MethodResponse(status, code, null, null, bodyJson == null || bodyJson.isBlank() ? null : bodyJson);
        }
        return new MethodResponse(status, code, string(body.get("operationId")), string(body.get("method")),
                string(body.get("reason")));
    }

    private static MethodResponseCode codeFor(int status, Object declared) {
        if (declared instanceof String s) {
            for (MethodResponseCode c : MethodResponseCode.values()) {
                if (c.name().equals(s)) {
                    return c;
                }
            }
        }
        return switch (status) {
            case 200 -> MethodResponseCode.ACCEPTED;
            case 403 -> MethodResponseCode.REFUSED;
            case 404 -> MethodResponseCode.UNKNOWN_METHOD;
            case 409 -> MethodResponseCode.BUSY;
            default -> MethodResponseCode.INVALID_REQUEST;
        };
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

}
