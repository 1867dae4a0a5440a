package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Makes equal stored JSON objects one node. Across a fleet many twins hold the same objects (the same tags, the
 * same desired configuration, the same device-management blocks), and stored nodes are never modified, so one
 * node can serve them all, as one {@code $metadata} leaf already serves every property a write touches. Objects
 * are the same when they have one {@link CompactJsonMap.Shape} and the same values, their own objects and arrays
 * being the very same nodes (so share children before their parents). An object that is not compact is kept as it is.
 */
final class SharedObjects {

    /** The key of a compact object by its members. */
    private record Members(CompactObjectNode node, int hash) {
        Members(CompactObjectNode node) {
            this(node, node.members().membersHash());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Members other && other.hash == hash && other.node.members().sameMembers(node.members());
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Where the known objects are kept: a plain map for one load, a bounded cache for the writes of a running hub. */
    interface Table {
        CompactObjectNode putIfAbsent(Object key, CompactObjectNode node);
    }

    private final Table table;

    SharedObjects(Table table) {
        this.table = table;
    }

    /** The node equal to {@code object} that is already stored, or {@code object} itself (then remembered). */
    ObjectNode share(ObjectNode object) {
        if (!(object instanceof CompactObjectNode compact)) {
            return object;
        }
        compact.members().trimToSize();
        CompactObjectNode known = table.putIfAbsent(new Members(compact), compact);
        return known == null ? compact : known;
    }
}
