package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Rebuilds twins read from disk the way writes build them: object maps sized to their content, and one
 * shared node for equal {@code $metadata} leaves and timestamps (a write stamps every property it touches
 * with the same time). Keeps 100,000 loaded twins about as small as freshly written ones. One per load.
 */
final class MetadataInterner {

    private final Map<String, TextNode> times = new HashMap<>();
    private final Map<JsonNode, ObjectNode> leaves = new HashMap<>();

    ObjectNode compact(ObjectNode object) {
        ObjectNode copy = TwinMerge.newObject(object.size());
        boolean onlySystemKeys = !object.isEmpty();
        Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (!key.startsWith("$") || value.isContainerNode()) {
                onlySystemKeys = false;
            }
            if (TwinMerge.LAST_UPDATED.equals(key) && value.isTextual()) {
                copy.set(key, times.computeIfAbsent(value.textValue(), TextNode::valueOf));
            } else {
                copy.set(key, compactValue(value));
            }
        }
        if (onlySystemKeys) {
            // A metadata leaf such as {"$lastUpdated":"...","$lastUpdatedVersion":3}.
            return leaves.computeIfAbsent(copy, k -> copy);
        }
        return copy;
    }

    private JsonNode compactValue(JsonNode value) {
        if (value instanceof ObjectNode object) {
            return compact(object);
        }
        if (value instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(array.size());
            array.forEach(element -> copy.add(compactValue(element)));
            return copy;
        }
        return value;
    }
}
