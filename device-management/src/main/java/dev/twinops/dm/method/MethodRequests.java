package dev.twinops.dm.method;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.twinops.dm.DmMethod;
import dev.twinops.dm.json.DmJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes method payloads. Parsing is strict about types (a number where a string belongs is a 400 with
 * a reason naming the field) and tolerant of extra fields, so newer consoles can talk to older devices.
 */
public final class MethodRequests {

    private MethodRequests() {
    }

    /** Parses a {@code reboot} payload; an absent or empty payload means "no operation id". */
    public static RebootRequest parseReboot(String json) {
        JsonNode node = object(json);
        return new RebootRequest(text(node, "operationId"));
    }

    public static FactoryResetRequest parseFactoryReset(String json) {
        JsonNode node = object(json);
        return new FactoryResetRequest(text(node, "operationId"));
    }

    public static FirmwareUpdateRequest parseFirmwareUpdate(String json) {
        JsonNode node = object(json);
        return new FirmwareUpdateRequest(text(node, "fwPackageUri"), text(node, "fwPackageCheckValue"),
                text(node, "version"), text(node, "operationId"));
    }

    /** The operation id a payload carries, or null; never throws (used to label a refusal). */
    public static String operationIdOf(DmMethod method, String json) {
        try {
            return text(object(json), "operationId");
        } catch (InvalidRequestException e) {
            return null;
        }
    }

    /** The JSON payload for a request, as the console sends it with {@code DirectMethodsClient.invoke}. */
    public static Map<String, Object> toPayload(Object request) {
        Map<String, Object> payload = new LinkedHashMap<>();
        if (request instanceof FirmwareUpdateRequest r) {
            payload.put("fwPackageUri", r.fwPackageUri());
            payload.put("fwPackageCheckValue", r.fwPackageCheckValue());
            payload.put("version", r.version());
            putIfPresent(payload, "operationId", r.operationId());
        } else if (request instanceof RebootRequest r) {
            putIfPresent(payload, "operationId", r.operationId());
        } else if (request instanceof FactoryResetRequest r) {
            putIfPresent(payload, "operationId", r.operationId());
        } else {
            throw new IllegalArgumentException("not a method request: " + request);
        }
        return payload;
    }

    public static String toJson(Object request) {
        return DmJson.toJson(toPayload(request));
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static JsonNode object(String json) {
        if (json == null || json.isBlank()) {
            return DmJson.mapper().createObjectNode();
        }
        JsonNode node;
        try {
            node = DmJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("payload is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isNull()) {
            return DmJson.mapper().createObjectNode();
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("payload must be a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidRequestException(field + " must be a string, got " + value.getNodeType().name().toLowerCase());
        }
        return value.textValue();
    }
}
