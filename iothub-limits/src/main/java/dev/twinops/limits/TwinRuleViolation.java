package dev.twinops.limits;

import com.fasterxml.jackson.databind.node.JsonNodeType;

import java.util.Objects;

/**
 * The first rule a twin section breaks, with what a message needs to name it. The hub and the console word it
 * for their own readers (an IoT Hub error body, an editor hint).
 *
 * @param rule      which rule
 * @param path      for key rules the offending key (its last step); for value rules the value, or the array that
 *                  holds it; for {@link Rule#SECTION_TOO_LARGE} the root
 * @param measured  the bytes of a key, a string or a section, or the depth of an object; 0 where nothing is measured
 * @param character for {@link Rule#FORBIDDEN_KEY_CHARACTER} the character; 0 otherwise
 * @param valueType for {@link Rule#UNSUPPORTED_VALUE} the kind of value found; null otherwise
 */
public record TwinRuleViolation(Rule rule, TwinPath path, long measured, char character, JsonNodeType valueType) {

    public enum Rule {
        /** A key is "". */
        EMPTY_KEY,
        /** A key is over {@link TwinDocumentRules#MAX_KEY_BYTES} in UTF-8. */
        KEY_TOO_LONG,
        /** A key holds '.', '$', a space or a control character. */
        FORBIDDEN_KEY_CHARACTER,
        /** An object sits deeper than {@link TwinDocumentRules#MAX_DEPTH} below the section. */
        TOO_DEEP,
        /** An array in a section that takes none. */
        ARRAY_NOT_ALLOWED,
        /** A null element in an array. */
        NULL_IN_ARRAY,
        /** A string value over {@link TwinDocumentRules#MAX_STRING_VALUE_BYTES} in UTF-8. */
        STRING_TOO_LONG,
        /** A number JSON cannot write (infinite or NaN). */
        NOT_FINITE_NUMBER,
        /** A value that is none of string, number, boolean, object, array or null (e.g. binary data). */
        UNSUPPORTED_VALUE,
        /** The whole section is over its size limit. */
        SECTION_TOO_LARGE
    }

    public TwinRuleViolation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(path, "path");
    }

    static TwinRuleViolation of(Rule rule, TwinPath path) {
        return new TwinRuleViolation(rule, path, 0, '\0', null);
    }

    static TwinRuleViolation measured(Rule rule, TwinPath path, long measured) {
        return new TwinRuleViolation(rule, path, measured, '\0', null);
    }

    static TwinRuleViolation forbiddenCharacter(TwinPath key, char character) {
        return new TwinRuleViolation(Rule.FORBIDDEN_KEY_CHARACTER, key, 0, character, null);
    }

    static TwinRuleViolation unsupported(TwinPath path, JsonNodeType valueType) {
        return new TwinRuleViolation(Rule.UNSUPPORTED_VALUE, path, 0, '\0', valueType);
    }
}
