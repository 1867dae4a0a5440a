package dev.twinops.console.twin;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.twinops.limits.TwinDocumentRules;
import dev.twinops.limits.TwinRuleViolation;

/**
 * Checks edited tags or desired properties against IoT Hub's twin rules ({@link TwinDocumentRules}, the ones the
 * local hub applies) before anything is sent, so the operator sees the exact problem (line and column for bad
 * JSON, the offending key path otherwise).
 */
public final class TwinJsonRules {

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
        TwinDocumentRules.firstViolation(object, section.limits())
                .or(() -> TwinDocumentRules.sizeViolation(object, section.limits()))
                .ifPresent(violation -> {
                    throw new TwinEditException(message(violation, section));
                });
        return object;
    }

    private static String message(TwinRuleViolation violation, TwinSection section) {
        String label = section.label();
        String path = violation.path().withArrayMarks();
        String parentPath = violation.path().parent().withArrayMarks();
        String where = parentPath.isEmpty() ? "" : " (in " + parentPath + ")";
        return switch (violation.rule()) {
            case EMPTY_KEY -> label + ": an empty key" + where + " is not allowed.";
            case KEY_TOO_LONG -> label + ": a key" + where + " is longer than "
                    + TwinDocumentRules.MAX_KEY_BYTES / 1024 + " KB.";
            case FORBIDDEN_KEY_CHARACTER -> label + ": key \"" + violation.path().lastKey() + "\"" + where
                    + " contains " + shown(violation.character())
                    + "; IoT Hub keys may not contain '.', '$', spaces or control characters.";
            case TOO_DEEP -> label + ": " + path + " is nested deeper than IoT Hub's " + TwinDocumentRules.MAX_DEPTH
                    + " levels.";
            case ARRAY_NOT_ALLOWED -> label + ": " + path + " is an array; IoT Hub accepts arrays in desired and "
                    + "reported properties but not in tags. Use an object with keys instead.";
            case NULL_IN_ARRAY -> label + ": " + path + " holds null in an array; IoT Hub does not accept null inside "
                    + "arrays.";
            case STRING_TOO_LONG -> label + ": the value of " + path + " is longer than "
                    + TwinDocumentRules.MAX_STRING_VALUE_BYTES / 1024 + " KB.";
            case NOT_FINITE_NUMBER -> label + ": the value of " + path + " is not a finite number.";
            case UNSUPPORTED_VALUE -> label + ": the value of " + path
                    + " is not a string, number, boolean, object, array or null.";
            case SECTION_TOO_LARGE -> label + " are " + violation.measured() + " bytes; IoT Hub allows "
                    + section.limits().maxBytes() / 1024 + " KB.";
        };
    }

    private static String shown(char c) {
        return c == ' ' ? "a space" : Character.isISOControl(c) ? "a control character" : "'" + c + "'";
    }
}
