package dev.twinops.rollout.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.dm.DmMethod;
import dev.twinops.dm.method.FirmwareUpdateRequest;
import dev.twinops.dm.method.MethodRequests;
import dev.twinops.dm.method.RebootRequest;
import dev.twinops.rollout.json.RolloutJson;

/**
 * The operation a rollout sends to each device.
 * <ul>
 *   <li>{@code firmwareUpdate}: {@code packageUri}, {@code version}, {@code sha256} (64 hex digits), optional
 *       {@code size} in bytes. Success: the device reports the version, its update section {@code current}.</li>
 *   <li>{@code reboot}. Success: the reboot section for the request says {@code completed}.</li>
 *   <li>{@code method}: any {@code methodName} with a JSON {@code payload}. Success: the device answers 2xx.</li>
 * </ul>
 *
 * @param responseTimeoutSeconds 5..300: how long the hub waits for each device's answer (default 30)
 * @param connectTimeoutSeconds  0..300: how long the hub waits for an offline device to connect (default 0)
 */
public record OperationSpec(OperationType type, String packageUri, String version, String sha256, Long size,
                            String methodName, JsonNode payload, Integer responseTimeoutSeconds,
                            Integer connectTimeoutSeconds) {

    public static final int DEFAULT_RESPONSE_TIMEOUT = 30;
    public static final int DEFAULT_CONNECT_TIMEOUT = 0;

    public static OperationSpec firmwareUpdate(String packageUri, String version, String sha256) {
        return new OperationSpec(OperationType.FIRMWARE_UPDATE, packageUri, version, sha256, null, null, null, null,
                null);
    }

    public static OperationSpec reboot() {
        return new OperationSpec(OperationType.REBOOT, null, null, null, null, null, null, null, null);
    }

    public static OperationSpec method(String methodName, JsonNode payload) {
        return new OperationSpec(OperationType.METHOD, null, null, null, null, methodName, payload, null, null);
    }

    public OperationSpec withTimeouts(int responseSeconds, int connectSeconds) {
        return new OperationSpec(type, packageUri, version, sha256, size, methodName, payload, responseSeconds,
                connectSeconds);
    }

    OperationSpec withDefaults() {
        return new OperationSpec(type, packageUri, version, sha256 == null ? null : sha256.trim().toLowerCase(),
                size, methodName, payload,
                responseTimeoutSeconds == null ? DEFAULT_RESPONSE_TIMEOUT : responseTimeoutSeconds,
                connectTimeoutSeconds == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeoutSeconds);
    }

    /** The direct method's name on the wire. */
    @JsonIgnore
    public String wireMethodName() {
        return switch (type) {
            case FIRMWARE_UPDATE -> DmMethod.FIRMWARE_UPDATE.methodName();
            case REBOOT -> DmMethod.REBOOT.methodName();
            case METHOD -> methodName;
        };
    }

    /** The payload for one attempt, carrying {@code operationId} so progress can be matched to it. */
    public JsonNode payloadFor(String operationId) {
        return switch (type) {
            case FIRMWARE_UPDATE -> RolloutJson.mapper().valueToTree(MethodRequests.toPayload(
                    new FirmwareUpdateRequest(packageUri, sha256, version, operationId)));
            case REBOOT -> RolloutJson.mapper().valueToTree(MethodRequests.toPayload(new RebootRequest(operationId)));
            case METHOD -> {
                if (payload instanceof ObjectNode object) {
                    ObjectNode copy = object.deepCopy();
                    if (!copy.hasNonNull("operationId")) {
                        copy.put("operationId", operationId);
                    }
                    yield copy;
                }
                yield payload == null ? RolloutJson.mapper().nullNode() : payload;
            }
        };
    }

    /** "firmware 2.1.0", "reboot", "method setMode". */
    public String describe() {
        return switch (type) {
            case FIRMWARE_UPDATE -> "firmware " + version;
            case REBOOT -> "reboot";
            case METHOD -> "method " + methodName;
        };
    }

    /** Timeouts with defaults applied (also for a spec built in code). */
    @JsonIgnore
    public int responseTimeout() {
        return responseTimeoutSeconds == null ? DEFAULT_RESPONSE_TIMEOUT : responseTimeoutSeconds;
    }

    @JsonIgnore
    public int connectTimeout() {
        return connectTimeoutSeconds == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeoutSeconds;
    }
}
