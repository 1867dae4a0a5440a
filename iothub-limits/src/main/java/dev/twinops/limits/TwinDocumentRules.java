package dev.twinops.limits;

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
import java.util.Optional;

/**
 * IoT Hub's rules for the content of a twin section (tags, desired or reported properties): keys, nesting depth,
 * value types, string lengths and the section's size. The checks only find the first broken rule; the caller
 * words it and decides what to do (the hub refuses the write, the console's editor shows the problem).
 */
public final class TwinDocumentRules {

    // Device twins page, "Tags and properties format": keys are UTF-8, case-sensitive and at most 1 KB long.
    public static final int MAX_KEY_BYTES = 1024;
    // Device twins page, "Depth": objects in tags, desired and reported properties nest at most 10 deep.
    public static final int MAX_DEPTH = 10;
    // Device twins page, "Tags and properties format": string values are UTF-8 and at most 4 KB long.
    public static final int MAX_STRING_VALUE_BYTES = 4 * 1024;

    /** The read-only keys IoT Hub keeps at the root of desired and reported properties. */
    public static final String VERSION = "$version";
    public static final String METADATA = "$metadata";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TwinDocumentRules() {
    }

    /**
     * The first rule {@code section} breaks, walking keys in document order; size is checked separately by
     * {@link #sizeViolation} (the hub checks size after merging a patch).
     */
    public static Optional<TwinRuleViolation> firstViolation(ObjectNode section, TwinSectionLimits limits) {
        return Optional.ofNullable(checkObject(section, limits, TwinPath.root(), 0));
    }

    /** {@link TwinRuleViolation.Rule#SECTION_TOO_LARGE} if the section's {@link #jsonBytes} exceed its limit. */
    public static Optional<TwinRuleViolation> sizeViolation(ObjectNode section, TwinSectionLimits limits) {
        long bytes = jsonBytes(section);
        return bytes > limits.maxBytes()
                ? Optional.of(TwinRuleViolation.measured(TwinRuleViolation.Rule.SECTION_TOO_LARGE, TwinPath.root(), bytes))
                : Optional.empty();
    }

    /**
     * A key's first character IoT Hub refuses ('.', '$', a space, or a control character of C0 or C1), or empty.
     */
    public static Optional<Character> forbiddenCharacter(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '$' || c == ' ' || Character.isISOControl(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Compact UTF-8 JSON size of a section, leaving out {@code $version} and {@code $metadata} at its root (IoT Hub
     * does not count its read-only elements).
     */
    public static long jsonBytes(ObjectNode section) {
        CountingStream counter = new CountingStream();
        try (JsonGenerator out = MAPPER.getFactory().createGenerator(counter)) {
            out.writeStartObject();
            Iterator<Map.Entry<String, JsonNode>> fields = section.properties().iterator();
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

    public static boolean isSystemKey(String key) {
        return VERSION.equals(key) || METADATA.equals(key);
    }

    private static TwinRuleViolation checkObject(ObjectNode object, TwinSectionLimits limits, TwinPath path, int depth) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            TwinPath keyPath = path.child(field.getKey());
            TwinRuleViolation violation = checkKey(field.getKey(), keyPath);
            if (violation == null) {
                violation = checkValue(field.getValue(), limits, keyPath, depth);
            }
            if (violation != null) {
                return violation;
            }
        }
        return null;
    }

    /** @param depth the depth of the object holding the value (0 for the section's root) */
    private static TwinRuleViolation checkValue(JsonNode value, TwinSectionLimits limits, TwinPath path, int depth) {
        if (value.isObject()) {
            if (depth + 1 > MAX_DEPTH) {
                return TwinRuleViolation.measured(TwinRuleViolation.Rule.TOO_DEEP, path, depth + 1);
            }
            return checkObject((ObjectNode) value, limits, path, depth + 1);
        }
        if (value.isArray()) {
            if (!limits.arraysAllowed()) {
                return TwinRuleViolation.of(TwinRuleViolation.Rule.ARRAY_NOT_ALLOWED, path);
            }
            // Arrays do not count as a level: the limit is on the depth of objects.
            for (JsonNode element : value) {
                if (element.isNull()) {
                    return TwinRuleViolation.of(TwinRuleViolation.Rule.NULL_IN_ARRAY, path);
                }
                TwinRuleViolation violation = checkValue(element, limits, path.element(), depth);
                if (violation != null) {
                    return violation;
                }
            }
            return null;
        }
        if (value.isTextual()) {
            int bytes = value.textValue().getBytes(StandardCharsets.UTF_8).length;
            return bytes > MAX_STRING_VALUE_BYTES
                    ? TwinRuleViolation.measured(TwinRuleViolation.Rule.STRING_TOO_LONG, path, bytes) : null;
        }
        if (value.isNumber() && (value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            // 1e400 parses to Infinity as a double, which JSON cannot represent.
            return TwinRuleViolation.of(TwinRuleViolation.Rule.NOT_FINITE_NUMBER, path);
        }
        if (!(value.isNumber() || value.isBoolean() || value.isNull())) {
            return TwinRuleViolation.unsupported(path, value.getNodeType());
        }
        return null;
    }

    private static TwinRuleViolation checkKey(String key, TwinPath keyPath) {
        if (key.isEmpty()) {
            return TwinRuleViolation.of(TwinRuleViolation.Rule.EMPTY_KEY, keyPath);
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            return TwinRuleViolation.measured(TwinRuleViolation.Rule.KEY_TOO_LONG, keyPath, bytes);
        }
        return forbiddenCharacter(key).map(c -> TwinRuleViolation.forbiddenCharacter(keyPath, c)).orElse(null);
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
