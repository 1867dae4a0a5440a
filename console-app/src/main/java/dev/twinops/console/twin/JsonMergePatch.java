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

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }
}
