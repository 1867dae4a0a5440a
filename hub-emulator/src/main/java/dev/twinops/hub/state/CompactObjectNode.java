package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON object of a stored twin, its members in a {@link CompactJsonMap}. A node of its own class so that a
 * {@link MemberLookup} can recognise it and find a member through the map's shape; it adds no field to
 * ObjectNode (the map is ObjectNode's own member map), so it costs nothing over a plain node.
 */
public final class CompactObjectNode extends ObjectNode {
    private static final long serialVersionUID = 1L;

    CompactObjectNode(JsonNodeFactory nodes, CompactJsonMap members) {
        super(nodes, members);
    }

    /**
     * A deep copy made of compact nodes as the hub stores a twin (short strings shared; an object of more than
     * {@link TwinMerge#COMPACT_LIMIT} members gets a hash map instead).
     */
    public static ObjectNode copyOf(ObjectNode source) {
        return TwinMerge.compactCopy(source);
    }

    CompactJsonMap members() {
        return (CompactJsonMap) _children;
    }
}
