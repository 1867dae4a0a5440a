package dev.twinops.hub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;

/** Typed reads of request-body fields, answering a missing field or a wrong type with 400 naming the field. */
final class JsonFields {
    private JsonFields() {
    }

    /** A string field; null if absent or JSON null. */
    static String optionalString(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(field, "a string", v);
        }
        return v.asText();
    }

    static String requiredString(ObjectNode node, String field) {
        String value = optionalString(node, field);
        if (value == null || value.isEmpty()) {
            throw new HubException(HubError.ARGUMENT_INVALID, "The field '" + field + "' is required");
        }
        return value;
    }

    /** A whole-number field; {@code defaultValue} if absent or JSON null. */
    static int optionalInt(ObjectNode node, String field, int defaultValue) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(field, "a whole number", v);
        }
        return v.intValue();
    }

    static Boolean optionalBoolean(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw wrongType(field, "true or false", v);
        }
        return v.booleanValue();
    }

    /** An object field; null if absent or JSON null. */
    static ObjectNode optionalObject(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw wrongType(field, "a JSON object", v);
        }
        return (ObjectNode) v;
    }

    static HubException wrongType(String field, String expected, JsonNode actual) {
        return new HubException(HubError.ARGUMENT_INVALID,
                "The field '" + field + "' must be " + expected + ", not " + describe(actual));
    }

    static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isBoolean()) {
            return node.asText();
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return "null";
    }
}
