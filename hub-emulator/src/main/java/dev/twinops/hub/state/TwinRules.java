package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.limits.TwinDocumentRules;
import dev.twinops.limits.TwinRuleViolation;

import java.util.Locale;

/**
 * Applies IoT Hub's twin rules ({@link TwinDocumentRules}: keys, nesting depth, value types, string values and
 * section sizes) to writes, refusing a write that breaks one with ARGUMENT_INVALID worded as IoT Hub words it.
 */
final class TwinRules {

    static final String VERSION = TwinDocumentRules.VERSION;
    static final String METADATA = TwinDocumentRules.METADATA;

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
            throw invalid(section.label() + " must be a JSON object, not " + kind(patch.getNodeType()));
        }
        // compact member maps from the start: what a patch adds is stored as it is copied here
        ObjectNode copy = TwinMerge.compactCopy((ObjectNode) patch);
        if (section.hasMetadata()) {
            copy.remove(VERSION);
            copy.remove(METADATA);
        }
        TwinDocumentRules.firstViolation(copy, section.limits()).ifPresent(violation -> {
            throw invalid(message(violation, section));
        });
        return copy;
    }

    /** Throws if the section (its properties, without {@code $metadata} and {@code $version}) is over its limit. */
    static void checkSize(ObjectNode sectionNode, TwinSection section) {
        TwinDocumentRules.sizeViolation(sectionNode, section.limits()).ifPresent(violation -> {
            throw invalid(message(violation, section));
        });
    }

    static boolean isSystemKey(String key) {
        return TwinDocumentRules.isSystemKey(key);
    }

    static HubException invalid(String message) {
        return new HubException(HubError.ARGUMENT_INVALID, message);
    }

    private static String message(TwinRuleViolation violation, TwinSection section) {
        String label = section.label();
        String keyPath = violation.path().dotted();
        return switch (violation.rule()) {
            case EMPTY_KEY -> label + " may not have an empty key (under '" + keyPath + "')";
            case KEY_TOO_LONG -> "a key in " + label + " is " + violation.measured() + " bytes long ('"
                    + abbreviate(violation.path().lastKey()) + "'); IoT Hub's limit for a key is "
                    + TwinDocumentRules.MAX_KEY_BYTES + " bytes";
            case FORBIDDEN_KEY_CHARACTER -> "the key '" + printable(abbreviate(keyPath)) + "' in " + label
                    + " contains " + characterName(violation.character())
                    + "; IoT Hub keys may not contain '.', '$', spaces or control characters";
            case TOO_DEEP -> label + " nest objects " + violation.measured() + " levels deep at '" + keyPath
                    + "'; IoT Hub's limit is " + TwinDocumentRules.MAX_DEPTH + " levels";
            case ARRAY_NOT_ALLOWED -> "arrays are not allowed in " + label + " (key '" + keyPath + "')";
            case NULL_IN_ARRAY -> label + " may not hold null inside an array (key '" + keyPath + "')";
            case STRING_TOO_LONG -> "the value of '" + keyPath + "' in " + label + " is " + violation.measured()
                    + " bytes; IoT Hub's limit for a string value is " + TwinDocumentRules.MAX_STRING_VALUE_BYTES
                    + " bytes";
            case NOT_FINITE_NUMBER -> "the value of '" + keyPath + "' in " + label + " is not a finite number";
            case UNSUPPORTED_VALUE -> "the value of '" + keyPath + "' in " + label + " is "
                    + kind(violation.valueType()) + "; allowed are strings, numbers, booleans, objects, arrays and null";
            case SECTION_TOO_LARGE -> label + " would be " + violation.measured() + " bytes; IoT Hub's limit is "
                    + section.limits().maxBytes() + " bytes";
        };
    }

    private static String characterName(char c) {
        return switch (c) {
            case '.' -> "a '.'";
            case '$' -> "a '$'";
            case ' ' -> "a space";
            default -> String.format("the control character U+%04X", (int) c);
        };
    }

    private static String kind(JsonNodeType type) {
        return switch (type) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case BINARY -> "binary data";
            default -> type.name().toLowerCase(Locale.ROOT);
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
}
