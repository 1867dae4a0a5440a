package dev.twinops.console.devices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import dev.twinops.dm.reported.ReportedPatches;

/** Reads the table's fields from one twin query row (the twin JSON as the hub sends it). */
public final class DeviceSnapshotReader {

    /** Tag summaries longer than this are cut; the detail pane shows everything. */
    static final int MAX_TAG_SUMMARY = 160;

    /** Distinct short values worth sharing between rows (states, statuses, versions); beyond it, no sharing. */
    private static final int SHARED_VALUES = 1_000;

    private final JsonFactory json = new JsonFactory();
    // "Connected", "enabled", "2.0.0": a few values repeated over 100,000 rows are kept once, not once a row.
    // Concurrent: a superseded query may still be reading while the next one starts.
    private final Map<String, String> shared = new ConcurrentHashMap<>();

    /**
     * Reads a row with Jackson's streaming parser, field by field: the list reads every row of a query, and building
     * a tree for each (then dropping it) cost about a third of the query thread's time next to the SDK's own.
     */
    public DeviceSnapshot read(String rowJson) {
        try (JsonParser parser = json.createParser(rowJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a query row is not a JSON object");
            }
            String deviceId = null;
            String connectionState = "";
            String status = "";
            String firmware = "";
            String topLevelFirmware = null;
            Instant lastActivity = null;
            String tags = "";
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "deviceId" -> deviceId = scalarText(parser, value);
                    case "connectionState" -> connectionState = scalarText(parser, value);
                    case "status" -> status = scalarText(parser, value);
                    case "lastActivityTime" -> lastActivity = value == JsonToken.VALUE_STRING ? parseHubTime(parser.getText()) : null;
                    case "tags" -> tags = summarizeTags(parser, value);
                    case ReportedPatches.FIRMWARE_VERSION -> topLevelFirmware = scalarText(parser, value);
                    case "properties" -> firmware = reportedFirmware(parser, value);
                    default -> parser.skipChildren();
                }
            }
            if (deviceId == null || deviceId.isEmpty()) {
                throw new IllegalArgumentException("a query row has no deviceId");
            }
            // a whole twin has it under properties.reported; the list's projection names it at the top level
            return new DeviceSnapshot(deviceId, share(connectionState), share(status),
                    share(topLevelFirmware != null ? topLevelFirmware : firmware), lastActivity, tags);
        } catch (IOException e) {
            throw new UncheckedIOException("a query row is not JSON", e);
        }
    }

    private String share(String value) {
        String known = shared.get(value);
        if (known != null) {
            return known;
        }
        if (shared.size() < SHARED_VALUES) {
            shared.putIfAbsent(value, value);
        }
        return value;
    }

    /** A scalar's text ("" for null, an object or an array, which are skipped). */
    private static String scalarText(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            parser.skipChildren();
            return "";
        }
        return value == JsonToken.VALUE_NULL ? "" : parser.getText();
    }

    /** properties.reported.firmwareVersion, the rest skipped. */
    private static String reportedFirmware(JsonParser parser, JsonToken properties) throws IOException {
        String firmware = "";
        if (properties != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return firmware;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String section = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!section.equals("reported") || value != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken reported = parser.nextToken();
                if (field.equals(ReportedPatches.FIRMWARE_VERSION)) {
                    firmware = scalarText(parser, reported);
                } else {
                    parser.skipChildren();
                }
            }
        }
        return firmware;
    }

    /** The same summary as {@link #summarizeTags(JsonNode)}, read from the parser. */
    private static String summarizeTags(JsonParser parser, JsonToken tags) throws IOException {
        if (tags != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return "";
        }
        StringBuilder sb = new StringBuilder();
        boolean cut = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            if (cut) {
                parser.skipChildren();
                continue;
            }
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(key).append('=');
            switch (value) {
                case START_OBJECT -> {
                    sb.append("{…}");
                    parser.skipChildren();
                }
                case START_ARRAY -> {
                    sb.append("[…]");
                    parser.skipChildren();
                }
                case VALUE_NULL -> sb.append("null");
                default -> sb.append(parser.getText());
            }
            cut = sb.length() >= MAX_TAG_SUMMARY;
        }
        return cut ? sb.substring(0, MAX_TAG_SUMMARY - 1) + "…" : sb.toString();
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
        Instant quick = quickUtc(text);
        if (quick != null) {
            return quick.isBefore(Instant.EPOCH) ? null : quick;
        }
        try {
            Instant instant = Instant.parse(text);
            return instant.isBefore(Instant.EPOCH) ? null : instant;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The form the hub writes, {@code 2026-12-02T10:15:30[.fraction]Z}, read digit by digit (Instant.parse took a
     * fifth of the query thread's time); null for any other form, which Instant.parse then reads.
     */
    private static Instant quickUtc(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        long nanos = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (t.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = digits(t, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        } else if (t.charAt(19) != 'Z') {
            return null;
        }
        if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code t[from, to)}, -1 when a character is not a digit. */
    private static int digits(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
