package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Looks up one member name in object after object, as a compiled query path does over every twin. Across a fleet
 * the same object (tags, properties, reported...) has the same keys in the same order, so one {@link
 * CompactJsonMap.Shape} in almost every twin: the lookup remembers at which index the last shape held the name
 * (or that it did not) and answers the next object of that shape with one compare and one array read, instead of
 * scanning the keys. A service twin's own members are asked directly; any other object node as usual.
 *
 * <p>Thread-safe: the remembered slot is an immutable pair replaced whole, so a reader on another thread sees
 * an old or a new slot, never a torn one; a race costs at most another scan.
 */
public final class MemberLookup {

    private final String name;
    private Slot last;

    /** Where {@code shape} holds the name: an index, or -1 when it does not. */
    private record Slot(CompactJsonMap.Shape shape, int index) {
    }

    public MemberLookup(String name) {
        // the JSON parser interns field names: an interned name matches stored keys by identity
        this.name = name.intern();
    }

    public String name() {
        return name;
    }

    /** The member of {@code node} with this name; null when it has none or is not an object. */
    public JsonNode in(JsonNode node) {
        if (node instanceof CompactObjectNode compact) {
            CompactJsonMap members = compact.members();
            CompactJsonMap.Shape shape = members.shape();
            Slot slot = last;
            if (slot == null || slot.shape() != shape) {
                slot = new Slot(shape, members.indexOf(name));
                last = slot;
            }
            return slot.index() < 0 ? null : members.valueAt(slot.index());
        }
        if (node instanceof ServiceTwinMembers.Node twin) {
            return twin.members().get(name); // a direct call, where ObjectNode.get dispatches on its map's class
        }
        return node instanceof ObjectNode object ? object.get(name) : null;
    }

    /**
     * {@link #in} for each of {@code nodes[0..count)}, in place (null stays null): one path step over a batch of
     * twins, whose lookups do not depend on one another, so the processor overlaps their memory reads.
     */
    public void inEach(JsonNode[] nodes, int count) {
        for (int i = 0; i < count; i++) {
            nodes[i] = in(nodes[i]);
        }
    }
}
