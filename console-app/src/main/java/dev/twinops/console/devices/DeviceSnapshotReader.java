package dev.twinops.console.devices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.twinops.dm.reported.ReportedPatches;

/** Reads the table's fields from one twin query row (the twin JSON as the hub sends it). */
public final class DeviceSnapshotReader {

    /** Tag summaries longer than this are cut; the detail pane shows everything. */
    static final int MAX_TAG_SUMMARY = 160;

    private final ObjectMapper mapper = new ObjectMapper();

    public DeviceSnapshot read(String rowJson) {
        JsonNode twin;
        try {
            twin = mapper.readTree(rowJson);
        } catch (IOException e) {
            throw new UncheckedIOException("a query row is not JSON", e);
        }
        return read(twin);
    }

    public DeviceSnapshot read(JsonNode twin) {
        String deviceId = twin.path("deviceId").asText(null);
        if (deviceId == null || deviceId.isEmpty()) {
            throw new IllegalArgumentException("a query row has no deviceId");
        }
        // a whole twin has it under properties.reported; the list's projection names it at the top level
        JsonNode firmware = twin.has("properties")
                ? twin.path("properties").path("reported").path(ReportedPatches.FIRMWARE_VERSION)
                : twin.path(ReportedPatches.FIRMWARE_VERSION);
        return new DeviceSnapshot(deviceId,
                twin.path("connectionState").asText(""),
                twin.path("status").asText(""),
                firmware.isValueNode() && !firmware.isNull() ? firmware.asText() : "",
                parseHubTime(twin.path("lastActivityTime").asText(null)),
                summarizeTags(twin.path("tags")));
    }

    /** IoT Hub sends {@code 0001-01-01T00:00:00Z} for "never"; that becomes null. */
    public static Instant parseHubTime(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            Instant instant = Instant.parse(text);
            return instant.isBefore(Instant.EPOCH) ? null : instant;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** "site=plant-1, ring=canary, location={…}". */
    public static String summarizeTags(JsonNode tags) {
        if (tags == null || !tags.isObject() || tags.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (sb.length() > 0) {
                sb.append(", ");
            }
            JsonNode v = e.getValue();
            sb.append(e.getKey()).append('=')
                    .append(v.isObject() ? "{…}" : v.isArray() ? "[…]" : v.isNull() ? "null" : v.asText());
            if (sb.length() >= MAX_TAG_SUMMARY) {
                return sb.substring(0, MAX_TAG_SUMMARY - 1) + "…";
            }
        }
        return sb.toString();
    }
}
