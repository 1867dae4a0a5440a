package dev.twinops.console.twin;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The twin patch that turns one version of a section into another: changed and added keys with their
 * new values, removed keys as null (IoT Hub's patch merges, and null deletes). Unchanged keys are left
 * out, so a patch carries only what the operator changed.
 */
public final class JsonMergePatch {

    private JsonMergePatch() {
    }

    public static ObjectNode diff(ObjectNode before, ObjectNode after) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!after.has(key)) {
                patch.putNull(key);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = after.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode old = before.get(field.getKey());
            JsonNode now = field.getValue();
            if (old instanceof ObjectNode oldObject && now instanceof ObjectNode newObject) {
                ObjectNode nested = diff(oldObject, newObject);
                if (!nested.isEmpty()) {
                    patch.set(field.getKey(), nested);
                }
            } else if (old == null || !sameValue(old, now)) {
                patch.set(field.getKey(), now);
            }
        }
        return patch;
    }

    /**
     * Equal as JSON values: numbers by value (the editor reads 1.5 as a decimal, the twin holds a double), arrays
     * element by element in order, objects key by key. An array is sent whole when any element differs, as IoT
     * Hub replaces arrays rather than merging them.
     */
    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameValue(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode other = b.get(field.getKey());
                if (other == null || !sameValue(field.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
