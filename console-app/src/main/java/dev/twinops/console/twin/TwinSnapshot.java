package dev.twinops.console.twin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinCollection;
import com.microsoft.azure.sdk.iot.service.twin.TwinMetadata;

import dev.twinops.console.devices.DeviceSnapshot;
import dev.twinops.console.devices.DeviceSnapshotReader;

/**
 * A device twin as the detail pane shows it, read once from the service SDK's {@link Twin}: identity and
 * state, the three sections as JSON (keys sorted), a property tree with {@code $lastUpdated} times, and the
 * whole twin as raw JSON. Immutable.
 */
public final class TwinSnapshot {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String deviceId;
    private final String etag;
    private final Integer version;
    private final String status;
    private final String connectionState;
    private final Instant lastActivity;
    private final Instant statusUpdated;
    private final Integer cloudToDeviceMessageCount;
    private final String modelId;
    private final Integer desiredVersion;
    private final Integer reportedVersion;
    private final ObjectNode tags;
    private final ObjectNode desired;
    private final ObjectNode reported;
    private final TwinTreeNode tree;
    private final String rawJson;

    private TwinSnapshot(Twin twin) {
        deviceId = twin.getDeviceId();
        etag = twin.getETag();
        version = twin.getVersion();
        status = twin.getStatus() == null ? "" : twin.getStatus().name().toLowerCase(java.util.Locale.ROOT);
        // The SDK reports the enum name (CONNECTED); show it as the hub and the device list spell it.
        connectionState = capitalized(twin.getConnectionState());
        lastActivity = DeviceSnapshotReader.parseHubTime(twin.getLastActivityTime());
        statusUpdated = DeviceSnapshotReader.parseHubTime(twin.getStatusUpdateTime());
        cloudToDeviceMessageCount = twin.getCloudToDeviceMessageCount();
        modelId = twin.getModelId() == null ? "" : twin.getModelId();
        desiredVersion = twin.getDesiredProperties().getVersion();
        reportedVersion = twin.getReportedProperties().getVersion();
        tags = toJson(twin.getTags());
        desired = toJson(twin.getDesiredProperties());
        reported = toJson(twin.getReportedProperties());
        tree = new TwinTreeNode(deviceId, "", null, List.of(
                section("Tags", null, twin.getTags()),
                section("Desired", desiredVersion, twin.getDesiredProperties()),
                section("Reported", reportedVersion, twin.getReportedProperties())));
        rawJson = raw(twin);
    }

    public static TwinSnapshot of(Twin twin) {
        return new TwinSnapshot(twin);
    }

    public String deviceId() {
        return deviceId;
    }

    /** The etag to send as If-Match with a patch. */
    public String etag() {
        return etag;
    }

    public Integer version() {
        return version;
    }

    public String status() {
        return status;
    }

    public String connectionState() {
        return connectionState;
    }

    public Instant lastActivity() {
        return lastActivity;
    }

    public Instant statusUpdated() {
        return statusUpdated;
    }

    public Integer cloudToDeviceMessageCount() {
        return cloudToDeviceMessageCount;
    }

    public String modelId() {
        return modelId;
    }

    public Integer desiredVersion() {
        return desiredVersion;
    }

    public Integer reportedVersion() {
        return reportedVersion;
    }

    /** Tags (a copy). */
    public ObjectNode tags() {
        return tags.deepCopy();
    }

    /** Desired properties without {@code $metadata} and {@code $version} (a copy). */
    public ObjectNode desired() {
        return desired.deepCopy();
    }

    /** Reported properties without {@code $metadata} and {@code $version} (a copy). */
    public ObjectNode reported() {
        return reported.deepCopy();
    }

    /** Root (the device) with three children: Tags, Desired, Reported. */
    public TwinTreeNode tree() {
        return tree;
    }

    /** The whole twin as the SDK returned it, pretty-printed. */
    public String rawJson() {
        return rawJson;
    }

    /** The same device as a table row. */
    public DeviceSnapshot toDeviceSnapshot() {
        JsonNode firmware = reported.path(dev.twinops.dm.reported.ReportedPatches.FIRMWARE_VERSION);
        return new DeviceSnapshot(deviceId, connectionState, status,
                firmware.isValueNode() && !firmware.isNull() ? firmware.asText() : "",
                lastActivity, DeviceSnapshotReader.summarizeTags(tags));
    }

    /** Pretty JSON with sorted keys, as the editors show a section. */
    public static String pretty(JsonNode node) {
        try {
            return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
    }

    // ---- conversion from the SDK's maps ----

    private static ObjectNode toJson(Map<String, Object> collection) {
        ObjectNode node = NODES.objectNode();
        new TreeMap<>(collection).forEach((key, value) -> {
            if (!key.startsWith("$")) {
                node.set(key, toJsonValue(value));
            }
        });
        return node;
    }

    @SuppressWarnings("unchecked")
    private static JsonNode toJsonValue(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            return toJson((Map<String, Object>) map);
        }
        if (value instanceof Collection<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(v -> array.add(toJsonValue(v)));
            return array;
        }
        return JSON.valueToTree(value);
    }

    private static TwinTreeNode section(String name, Integer sectionVersion, TwinCollection collection) {
        TwinMetadata metadata = collection.getTwinMetadata();
        return new TwinTreeNode(name, sectionVersion == null ? "" : "$version " + sectionVersion,
                metadata == null ? null : instant(metadata.getLastUpdated()), children(collection));
    }

    @SuppressWarnings("unchecked")
    private static List<TwinTreeNode> children(Map<String, Object> map) {
        List<TwinTreeNode> nodes = new ArrayList<>();
        for (Map.Entry<String, Object> e : new TreeMap<>(map).entrySet()) {
            if (e.getKey().startsWith("$")) {
                continue;
            }
            Instant updated = null;
            if (map instanceof TwinCollection tc && tc.getTwinMetadata(e.getKey()) != null) {
                updated = instant(tc.getTwinMetadata(e.getKey()).getLastUpdated());
            }
            nodes.add(node(e.getKey(), e.getValue(), updated));
        }
        return nodes;
    }

    /**
     * An object's node has its keys as children; a non-empty array's node says how many elements it has and has
     * them as children "[0]", "[1]", ... (IoT Hub stamps an array as one value, so elements carry no time).
     */
    @SuppressWarnings("unchecked")
    private static TwinTreeNode node(String name, Object value, Instant updated) {
        if (value instanceof Map<?, ?> child) {
            return new TwinTreeNode(name, "", updated, children((Map<String, Object>) child));
        }
        if (value instanceof Collection<?> list && !list.isEmpty()) {
            List<TwinTreeNode> elements = new ArrayList<>(list.size());
            int index = 0;
            for (Object element : list) {
                elements.add(node("[" + index++ + "]", element, null));
            }
            return new TwinTreeNode(name, list.size() == 1 ? "1 item" : list.size() + " items", updated, elements);
        }
        JsonNode json = toJsonValue(value);
        return new TwinTreeNode(name, json.isTextual() ? json.asText() : json.toString(), updated, List.of());
    }

    private static String capitalized(String word) {
        if (word == null || word.isEmpty()) {
            return "";
        }
        return word.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + word.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private String raw(Twin twin) {
        ObjectNode root = NODES.objectNode();
        root.put("deviceId", deviceId);
        root.put("etag", etag);
        if (version != null) {
            root.put("version", version);
        }
        root.put("status", status);
        root.put("statusUpdateTime", twin.getStatusUpdateTime());
        root.put("connectionState", connectionState);
        root.put("lastActivityTime", twin.getLastActivityTime());
        if (cloudToDeviceMessageCount != null) {
            root.put("cloudToDeviceMessageCount", cloudToDeviceMessageCount);
        }
        if (!modelId.isEmpty()) {
            root.put("modelId", modelId);
        }
        root.set("tags", tags);
        ObjectNode properties = root.putObject("properties");
        try {
            // The SDK's own rendering keeps $metadata and $version.
            properties.set("desired", JSON.readTree(twin.getDesiredProperties().toString()));
            properties.set("reported", JSON.readTree(twin.getReportedProperties().toString()));
            return JSON.writeValueAsString(JSON.treeToValue(root, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render twin JSON", e);
        }
    }
}
