package dev.twinops.hub.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * IoT Hub's twin limits: keys (at most 1 KB, no {@code . $ space} or control characters), nesting depth
 * (at most 10 objects below the section), value types (no arrays in desired/reported), string values
 * (at most 4 KB) and section sizes (tags 8 KB, desired and reported 32 KB each).
 */
final class TwinRules {

    static final int MAX_KEY_BYTES = 1024;
    static final int MAX_DEPTH = 10;
    static final int MAX_STRING_VALUE_BYTES = 4 * 1024;

    static final String VERSION = "$version";
    static final String METADATA = "$metadata";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TwinRules() {
    }

    /**
     * Checks a patch (or a replacement) for one section and returns a private copy of it, without the
     * {@code $version} and {@code $metadata} keys a client may echo back at the section's root (clients
     * cannot write them). Throws {@link HubException} ARGUMENT_INVALID naming the rule and the key.
     *
     * @param patch an object, or null/missing (meaning "no change", returned as null)
     */
    static ObjectNode checkedCopy(JsonNode patch, TwinSection section) {
        if (patch == null || patch.isNull() || patch.isMissingNode()) {
            return null;
        }
        if (!patch.isObject()) {
            throw invalid(section.label() + " must be a JSON object, not " + kind(patch));
        }
        ObjectNode copy = ((ObjectNode) patch).deepCopy();
        if (section.hasMetadata()) {
            copy.remove(VERSION);
            copy.remove(METADATA);
        }
        checkObject(copy, section, "", 0);
        return copy;
    }

    private static void checkObject(ObjectNode object, TwinSection section, String path, int depth) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            checkKey(key, keyPath, section);
            checkValue(field.getValue(), section, keyPath, depth);
        }
    }

    private static void checkValue(JsonNode value, TwinSection section, String keyPath, int depth) {
        if (value.isObject()) {
            if (depth + 1 > MAX_DEPTH) {
                throw invalid(section.label() + " nest objects " + (depth + 1) + " levels deep at '" + keyPath
                        + "'; IoT Hub's limit is " + MAX_DEPTH + " levels");
            }
            checkObject((ObjectNode) value, section, keyPath, depth + 1);
        } else if (value.isArray()) {
            if (!section.arraysAllowed()) {
                throw invalid("arrays are not allowed in " + section.label() + " (key '" + keyPath + "')");
            }
            for (JsonNode element : value) {
                if (element.isNull()) {
                    throw invalid(section.label() + " may not hold null inside an array (key '" + keyPath + "')");
                }
                checkValue(element, section, keyPath, depth);
            }
        } else if (value.isTextual()) {
            int bytes = value.textValue().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_STRING_VALUE_BYTES) {
                throw invalid("the value of '" + keyPath + "' in " + section.label() + " is " + bytes
                        + " bytes; IoT Hub's limit for a string value is " + MAX_STRING_VALUE_BYTES + " bytes");
            }
        } else if (value.isNumber() && (value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            // 1e400 parses to Infinity, which JSON cannot represent: storing it would corrupt the twin.
            throw invalid("the value of '" + keyPath + "' in " + section.label() + " is not a finite number");
        } else if (!(value.isNumber() || value.isBoolean() || value.isNull())) {
            throw invalid("the value of '" + keyPath + "' in " + section.label() + " is " + kind(value)
                    + "; allowed are strings, numbers, booleans, objects and null");
        }
    }

    private static void checkKey(String key, String keyPath, TwinSection section) {
        if (key.isEmpty()) {
            throw invalid(section.label() + " may not have an empty key (under '" + keyPath + "')");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw invalid("a key in " + section.label() + " is " + bytes + " bytes long ('"
                    + abbreviate(key) + "'); IoT Hub's limit for a key is " + MAX_KEY_BYTES + " bytes");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            String what = null;
            if (c == '.') {
                what = "a '.'";
            } else if (c == '$') {
                what = "a '$'";
            } else if (c == ' ') {
                what = "a space";
            } else if (Character.isISOControl(c)) {
                what = String.format("the control character U+%04X", (int) c);
            }
            if (what != null) {
                throw invalid("the key '" + printable(abbreviate(keyPath)) + "' in " + section.label() + " contains "
                        + what + "; IoT Hub keys may not contain '.', '$', spaces or control characters");
            }
        }
    }

    /** Throws if the section (its properties, without {@code $metadata} and {@code $version}) is over its limit. */
    static void checkSize(ObjectNode sectionNode, TwinSection section) {
        long bytes = jsonBytes(sectionNode);
        if (bytes > section.maxBytes()) {
            throw invalid(section.label() + " would be " + bytes + " bytes; IoT Hub's limit is "
                    + section.maxBytes() + " bytes");
        }
    }

    /** Compact UTF-8 JSON size of an object, leaving out the system keys at its root. */
    static long jsonBytes(ObjectNode sectionNode) {
        CountingStream counter = new CountingStream();
        try (JsonGenerator out = MAPPER.getFactory().createGenerator(counter)) {
            out.writeStartObject();
            Iterator<Map.Entry<String, JsonNode>> fields = sectionNode.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSystemKey(field.getKey())) {
                    continue;
                }
                out.writeFieldName(field.getKey());
                MAPPER.writeTree(out, field.getValue());
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count;
    }

    static boolean isSystemKey(String key) {
        return VERSION.equals(key) || METADATA.equals(key);
    }

    static HubException invalid(String message) {
        return new HubException(HubError.ARGUMENT_INVALID, message);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case BINARY -> "binary data";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
