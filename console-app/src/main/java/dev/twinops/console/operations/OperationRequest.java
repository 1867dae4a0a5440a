package dev.twinops.console.operations;

import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.twinops.dm.json.DmJson;
import dev.twinops.dm.method.FactoryResetRequest;
import dev.twinops.dm.method.FirmwareUpdateRequest;
import dev.twinops.dm.method.MethodRequests;
import dev.twinops.dm.method.OperationIds;
import dev.twinops.dm.method.RebootRequest;

/**
 * One operation as the console sends it: the method, its JSON payload (which carries the operation id, so the
 * device's progress reports can be matched to this request), the method timeouts, and for a firmware update the
 * version that counts as success.
 *
 * @param responseTimeoutSeconds 5..300: how long the hub waits for the device's answer
 * @param connectTimeoutSeconds  0..300: how long the hub waits for an offline device to connect (0: must be online)
 */
public record OperationRequest(OperationKind kind, String methodName, String payloadJson, String operationId,
                               String targetVersion, int responseTimeoutSeconds, int connectTimeoutSeconds) {

    public static final int DEFAULT_RESPONSE_TIMEOUT = 30;
    public static final int DEFAULT_CONNECT_TIMEOUT = 0;
    public static final int MIN_RESPONSE_TIMEOUT = 5;
    public static final int MAX_TIMEOUT = 300;

    public OperationRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(methodName, "methodName");
        Objects.requireNonNull(operationId, "operationId");
        if (responseTimeoutSeconds < MIN_RESPONSE_TIMEOUT || responseTimeoutSeconds > MAX_TIMEOUT) {
            throw new IllegalArgumentException("response timeout must be " + MIN_RESPONSE_TIMEOUT + "-" + MAX_TIMEOUT
                    + " s, not " + responseTimeoutSeconds);
        }
        if (connectTimeoutSeconds < 0 || connectTimeoutSeconds > MAX_TIMEOUT) {
            throw new IllegalArgumentException("connect timeout must be 0-" + MAX_TIMEOUT + " s, not "
                    + connectTimeoutSeconds);
        }
        if (kind == OperationKind.FIRMWARE_UPDATE) {
            Objects.requireNonNull(targetVersion, "targetVersion");
        }
    }

    public static OperationRequest reboot() {
        String id = OperationIds.generate();
        return new OperationRequest(OperationKind.REBOOT, OperationKind.REBOOT.managementMethod().methodName(),
                MethodRequests.toJson(new RebootRequest(id)), id, null, DEFAULT_RESPONSE_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    }

    public static OperationRequest factoryReset() {
        String id = OperationIds.generate();
        return new OperationRequest(OperationKind.FACTORY_RESET,
                OperationKind.FACTORY_RESET.managementMethod().methodName(),
                MethodRequests.toJson(new FactoryResetRequest(id)), id, null, DEFAULT_RESPONSE_TIMEOUT,
                DEFAULT_CONNECT_TIMEOUT);
    }

    /** A firmware update; the request's own operation id is replaced by a fresh one. */
    public static OperationRequest firmwareUpdate(String packageUri, String sha256, String version) {
        String id = OperationIds.generate();
        FirmwareUpdateRequest request = new FirmwareUpdateRequest(packageUri, sha256, version, id);
        return new OperationRequest(OperationKind.FIRMWARE_UPDATE,
                OperationKind.FIRMWARE_UPDATE.managementMethod().methodName(), MethodRequests.toJson(request), id,
                request.version(), DEFAULT_RESPONSE_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * Any method. A JSON object payload gets an {@code operationId} unless it has one (then that one is used);
     * other payloads are sent as they are.
     *
     * @throws IllegalArgumentException if the payload is not JSON
     */
    public static OperationRequest method(String methodName, String payloadJson, int responseTimeoutSeconds,
                                          int connectTimeoutSeconds) {
        JsonNode payload = parse(payloadJson);
        String id = OperationIds.generate();
        if (payload instanceof ObjectNode object) {
            JsonNode given = object.get("operationId");
            if (given != null && given.isTextual() && !given.textValue().isBlank()) {
                id = given.textValue();
            } else {
                object.put("operationId", id);
            }
        }
        OperationKind kind = OperationKind.METHOD;
        return new OperationRequest(kind, methodName, DmJson.toJson(payload), id, null, responseTimeoutSeconds,
                connectTimeoutSeconds);
    }

    /** The same operation again under a new operation id (retrying failed devices). */
    public OperationRequest again() {
        String id = OperationIds.generate();
        JsonNode payload = parse(payloadJson);
        if (payload instanceof ObjectNode object && (kind != OperationKind.METHOD || object.has("operationId"))) {
            object.put("operationId", id);
        }
        return new OperationRequest(kind, methodName, DmJson.toJson(payload), id, targetVersion,
                responseTimeoutSeconds, connectTimeoutSeconds);
    }

    /** The payload as an object the service SDK serialises (it takes Object and writes it with Gson). */
    public Object payloadForSdk() {
        return DmJson.mapper().convertValue(parse(payloadJson), Object.class);
    }

    /** "Firmware update to 2.1.0", "Reboot", "Method setMode". */
    public String title() {
        return switch (kind) {
            case FIRMWARE_UPDATE -> "Firmware update to " + targetVersion;
            case METHOD -> "Method " + methodName;
            default -> kind.displayName();
        };
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return DmJson.mapper().nullNode();
        }
        try {
            return DmJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the payload is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
