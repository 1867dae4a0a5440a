package dev.twinops.console.twin;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.twin.Twin;

import dev.twinops.console.connection.HubConnection;

/** One twin held in memory with IoT Hub's patch rules (merge, null deletes, etag check): a test double. */
final class InMemoryTwinService implements TwinService {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String deviceId;
    private final ObjectNode tags;
    private final ObjectNode desired;
    private int version = 1;
    int patches;

    InMemoryTwinService(String deviceId, String tagsJson, String desiredJson) throws Exception {
        this.deviceId = deviceId;
        this.tags = (ObjectNode) JSON.readTree(tagsJson);
        this.desired = (ObjectNode) JSON.readTree(desiredJson);
    }

    /** Someone else changes the twin. */
    synchronized void changeDesiredElsewhere(String key, int value) {
        desired.put(key, value);
        version++;
    }

    synchronized ObjectNode desired() {
        return desired.deepCopy();
    }

    synchronized ObjectNode tags() {
        return tags.deepCopy();
    }

    @Override
    public synchronized TwinSnapshot get(HubConnection hub, String id) {
        ObjectNode twin = JSON.createObjectNode();
        twin.put("deviceId", deviceId).put("etag", etag()).put("version", version).put("status", "enabled")
                .put("connectionState", "Connected").put("lastActivityTime", "2026-01-01T10:00:00.0000000Z");
        twin.set("tags", tags.deepCopy());
        ObjectNode properties = twin.putObject("properties");
        ObjectNode d = desired.deepCopy();
        d.put("$version", version);
        d.putObject("$metadata").put("$lastUpdated", "2026-01-01T10:00:00.0000000Z");
        properties.set("desired", d);
        properties.putObject("reported").put("firmwareVersion", "1.0.0").put("$version", 1);
        return TwinSnapshot.of(Twin.fromJson(twin.toString()));
    }

    @Override
    public synchronized TwinSnapshot patch(HubConnection hub, String id, ObjectNode tagsPatch, ObjectNode desiredPatch,
                                           String etag) throws Exception {
        if (!etag().equals(etag)) {
            throw new IotHubPreconditionFailedException("Precondition failed: etag mismatch");
        }
        merge(tags, tagsPatch);
        merge(desired, desiredPatch);
        version++;
        patches++;
        return get(hub, id);
    }

    private String etag() {
        return "etag-" + version;
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                target.remove(e.getKey());
            } else if (e.getValue().isObject() && target.get(e.getKey()) instanceof ObjectNode nested) {
                merge(nested, (ObjectNode) e.getValue());
            } else {
                target.set(e.getKey(), e.getValue());
            }
        }
    }
}
