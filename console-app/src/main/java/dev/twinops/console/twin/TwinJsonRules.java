package dev.twinops.console.twin;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Checks edited tags or desired properties against IoT Hub's twin rules before anything is sent, so the
 * operator sees the exact problem (line and column for bad JSON, the offending key path otherwise).
 */
public final class TwinJsonRules {

    /** Nesting below the section's root that IoT Hub accepts. */
    public static final int MAX_DEPTH = 10;
    public static final int MAX_KEY_BYTES = 1024;
    public static final int MAX_STRING_BYTES = 4 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private TwinJsonRules() {
    }

    /**
     * Parses an editor's text into a section.
     *
     * @throws TwinEditException naming the problem
     */
    public static ObjectNode parse(String text, TwinSection section) {
        String source = text == null ? "" : text.strip();
        if (source.isEmpty()) {
            source = "{}";
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(source);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new TwinEditException(section.label() + " are not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new TwinEditException(section.label() + " must be a JSON object, e.g. {\"site\": \"plant-1\"}.");
        }
        check(object, section, "", 0);
        int bytes = object.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > section.maxBytes()) {
            throw new TwinEditException(section.label() + " are " + bytes + " bytes; IoT Hub allows "
                    + section.maxBytes() / 1024 + " KB.");
        }
        return object;
    }

    private static void check(JsonNode node, TwinSection section, String path, int depth) {
        if (node.isObject()) {
            if (depth > MAX_DEPTH) {
                throw new TwinEditException(section.label() + ": " + path + " is nested deeper than IoT Hub's "
                        + MAX_DEPTH + " levels.");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                checkKey(field.getKey(), section, path);
                check(field.getValue(), section, childPath, depth + 1);
            }
        } else if (node.isArray()) {
            if (!section.arraysAllowed()) {
                throw new TwinEditException(section.label() + ": " + path + " is an array; IoT Hub does not accept "
                        + "arrays in desired properties. Use an object with keys instead.");
            }
            for (JsonNode element : node) {
                check(element, section, path + "[]", depth + 1);
            }
        } else if (node.isTextual() && node.asText().getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
            throw new TwinEditException(section.label() + ": the value of " + path + " is longer than 4 KB.");
        }
    }

    private static void checkKey(String key, TwinSection section, String parentPath) {
        String where = parentPath.isEmpty() ? "" : " (in " + parentPath + ")";
        if (key.isEmpty()) {
            throw new TwinEditException(section.label() + ": an empty key" + where + " is not allowed.");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new TwinEditException(section.label() + ": a key" + where + " is longer than 1 KB.");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '$' || c == ' ' || Character.isISOControl(c)) {
                String shown = c == ' ' ? "a space" : Character.isISOControl(c) ? "a control character" : "'" + c + "'";
                throw new TwinEditException(section.label() + ": key \"" + key + "\"" + where + " contains " + shown
                        + "; IoT Hub keys may not contain '.', '$', spaces or control characters.");
            }
        }
    }
}
