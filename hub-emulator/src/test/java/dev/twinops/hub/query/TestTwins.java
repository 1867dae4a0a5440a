package dev.twinops.hub.query;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Service twin JSON as the hub stores and returns it, for query tests. */
final class TestTwins {
    static final ObjectMapper JSON = new ObjectMapper();

    private TestTwins() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('`', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + text, e);
        }
    }

    /**
     * A full service twin; {@code tags}, {@code desired} and {@code reported} are JSON objects written with
     * backticks for quotes. Desired and reported get {@code $metadata} and {@code $version} like IoT Hub's.
     */
    static ObjectNode twin(String deviceId, String status, String connectionState, String lastActivityTime,
                           String tags, String desired, String reported) {
        ObjectNode twin = JSON.createObjectNode();
        twin.put("deviceId", deviceId);
        twin.put("etag", "AAAAAAAAAAc=");
        twin.put("version", 7);
        twin.put("status", status);
        twin.put("statusUpdateTime", "0001-01-01T00:00:00Z");
        twin.put("connectionState", connectionState);
        twin.put("lastActivityTime", lastActivityTime);
        twin.put("cloudToDeviceMessageCount", 0);
        twin.put("authenticationType", "sas");
        twin.putObject("capabilities").put("iotEdge", false);
        twin.set("tags", json(tags));
        ObjectNode properties = twin.putObject("properties");
        properties.set("desired", section(json(desired), 4));
        properties.set("reported", section(json(reported), 9));
        return twin;
    }

    private static ObjectNode section(JsonNode content, int version) {
        ObjectNode section = ((ObjectNode) content).deepCopy();
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("$lastUpdated", "2026-03-01T10:00:00.0000000Z");
        for (Map.Entry<String, JsonNode> field : content.properties()) {
            metadata.putObject(field.getKey()).put("$lastUpdated", "2026-03-01T10:00:00.0000000Z")
                    .put("$lastUpdatedVersion", version);
        }
        section.set("$metadata", metadata);
        section.put("$version", version);
        return section;
    }

    /** A small fleet covering the cases the evaluator tests need (missing properties, numbers, nulls ...). */
    static List<JsonNode> fleet() {
        return List.of(
                twin("pump-001", "enabled", "Connected", "2026-03-01T10:15:00.000Z",
                        "{`site`:`plant-7`,`region`:`eu-west`,`location`:{`building`:`B1`,`floor`:2},`my key`:`spaced`}",
                        "{`telemetryInterval`:10,`firmware`:{`version`:`2.0.0`}}",
                        "{`firmwareVersion`:`1.4.2`,`temperature`:21.5,`online`:true,`iothubDM`:{`firmwareUpdate`:{`status`:`downloading`,`progress`:40}},`modes`:[`eco`,`boost`]}"),
                twin("pump-002", "enabled", "Disconnected", "2026-02-27T08:00:00.000Z",
                        "{`site`:`plant-7`,`region`:`eu-west`,`location`:{`building`:`B2`,`floor`:1}}",
                        "{`telemetryInterval`:30}",
                        "{`firmwareVersion`:`2.0.0`,`temperature`:19,`online`:false,`iothubDM`:{`firmwareUpdate`:{`status`:`current`,`progress`:100}}}"),
                twin("valve-010", "disabled", "Disconnected", "2026-01-15T23:59:59.000Z",
                        "{`site`:`plant-8`,`region`:`us-east`}",
                        "{}",
                        "{`firmwareVersion`:`1.4.2`,`temperature`:-3.25,`note`:null}"),
                twin("valve-011", "enabled", "Connected", "2026-03-01T09:00:00.000Z",
                        "{`site`:`plant-8`,`region`:`us-east`,`location`:{`building`:`B9`,`floor`:0}}",
                        "{`telemetryInterval`:10}",
                        "{`temperature`:30,`firmwareVersion`:1}"),
                twin("sensor-100", "enabled", "Connected", "2026-03-01T10:20:00.000Z",
                        "{}",
                        "{}",
                        "{}"));
    }

    static List<String> deviceIds(List<JsonNode> rows) {
        return rows.stream().map(row -> row.path("deviceId").asText(null)).toList();
    }
}
