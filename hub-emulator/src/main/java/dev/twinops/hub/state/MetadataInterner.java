package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Rebuilds twins read from disk compactly: {@link CompactJsonMap} members, one shared node for equal objects
 * ({@code $metadata} leaves, since a write stamps every property it touches with the same time, and any other
 * object several twins hold alike: see {@link SharedObjects}), for equal short strings (timestamps, states,
 * versions repeat across a fleet) and for equal int values. Nodes are immutable by convention, so sharing them is
 * safe. One interner per load.
 */
final class MetadataInterner {

    /** Short strings repeat across a fleet ("done", "Contoso", "1.0.3"): one node each. */
    private static final int SHARED_TEXT_MAX = 64;

    private final Map<String, TextNode> texts = new HashMap<>();
    /** Versions and small counters repeat too; Jackson shares only -1 to 10. */
    private final Map<Integer, IntNode> ints = new HashMap<>();
    /** Every object of the load; the table goes with the interner once the state is loaded. */
    private final SharedObjects objects = new SharedObjects(new HashMap<Object, CompactObjectNode>()::putIfAbsent);

    /**
     * A desired or reported section already {@link #compact compacted}, with its {@code $metadata} as {@link
     * StampedMetadata} wherever one write stamped a whole object (as the writes that made it stored it).
     */
    ObjectNode stamped(ObjectNode section) {
        if (!(section.get(TwinRules.METADATA) instanceof ObjectNode metadata)) {
            return section;
        }
        ObjectNode members = StampedMetadata.withCompactedMembers(metadata, section);
        // a copy: the section may be a node other twins share, and its own metadata is over the copy
        ObjectNode copy = TwinMerge.newObject(section.size());
        copy.setAll(section);
        copy.set(TwinRules.METADATA, members);
        ObjectNode stamped = StampedMetadata.compacted(members, copy);
        if (stamped == metadata) {
            return section;
        }
        copy.set(TwinRules.METADATA, stamped);
        return copy;
    }

    ObjectNode compact(ObjectNode object) {
        ObjectNode copy = TwinMerge.newObject(object.size());
        Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            copy.set(field.getKey(), compactValue(field.getValue()));
        }
        // children first (compactValue), so equal children are already the same node
        return objects.share(copy);
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
        if (value.isTextual() && value.textValue().length() <= SHARED_TEXT_MAX) {
            return texts.computeIfAbsent(value.textValue(), TextNode::valueOf);
        }
        if (value instanceof IntNode number) {
            return ints.computeIfAbsent(number.intValue(), IntNode::valueOf);
        }
        return value;
    }
}
