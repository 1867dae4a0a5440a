package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The {@code $metadata} of an object every member of which one write stamped: {@code $lastUpdated} (and for desired
 * properties {@code $lastUpdatedVersion}), then for each member of the object, in its order, the write's leaf
 * ({@code {$lastUpdated, $lastUpdatedVersion}}) or, for an object member, that member's metadata of the same kind.
 * All of that follows from the write's leaf and the object, which the twin holds anyway, so it is kept as those two
 * references (two small objects) instead of one stored object per nested object: most of a twin's objects were its
 * {@code $metadata}, one set per write since each carries the write's time. Members are made when read (a nested
 * object's metadata is a new node each time, equal to the last); read-only, as every stored node is.
 *
 * <p>Only metadata that is exactly what it would show becomes one ({@link #compacted}); any other stays as it is.
 */
final class StampedMetadata extends AbstractMap<String, JsonNode> {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** {@code {$lastUpdated[, $lastUpdatedVersion]}}: the write's leaf. */
    private final ObjectNode leaf;
    /** The object the metadata describes; its keys starting with '$' (a section's own) are not members. */
    private final ObjectNode value;

    private StampedMetadata(ObjectNode leaf, ObjectNode value) {
        this.leaf = leaf;
        this.value = value;
    }

    /** The node over such metadata, of its own class so that a parent's check can recognise it. */
    static final class Node extends ObjectNode {
        private static final long serialVersionUID = 1L;

        private Node(StampedMetadata metadata) {
            super(NODES, metadata);
        }

        private StampedMetadata metadata() {
            return (StampedMetadata) _children;
        }
    }

    /**
     * {@code metadata} as a stamped node when it is exactly the stamped metadata of {@code value} (its nested objects'
     * metadata already stamped nodes over the same leaf and the very same objects: make children first), otherwise
     * {@code metadata} itself. {@code value} may be a section holding its own {@code $metadata} and {@code $version}.
     */
    static ObjectNode compacted(ObjectNode metadata, ObjectNode value) {
        if (metadata instanceof Node) {
            return metadata;
        }
        ObjectNode leaf = leafOf(metadata, value);
        if (leaf == null) {
            return metadata;
        }
        Iterator<Map.Entry<String, JsonNode>> members = metadata.properties().iterator();
        for (Map.Entry<String, JsonNode> stamp : leaf.properties()) {
            if (!members.hasNext()) {
                return metadata;
            }
            Map.Entry<String, JsonNode> member = members.next();
            if (!member.getKey().equals(stamp.getKey()) || !member.getValue().equals(stamp.getValue())) {
                return metadata;
            }
        }
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            if (isSystem(field.getKey())) {
                continue;
            }
            if (!members.hasNext()) {
                return metadata;
            }
            Map.Entry<String, JsonNode> member = members.next();
            if (!member.getKey().equals(field.getKey()) || !isStamped(member.getValue(), leaf, field.getValue())) {
                return metadata;
            }
        }
        return members.hasNext() ? metadata : new Node(new StampedMetadata(leaf, value));
    }

    /**
     * {@link #compacted} of a whole metadata tree read back from disk: nested objects' metadata first, each one
     * replaced in a copy (the loaded objects may be shared by other twins and are never modified).
     */
    static ObjectNode compactedTree(ObjectNode metadata, ObjectNode value) {
        return compacted(withCompactedMembers(metadata, value), value);
    }

    /** {@link #compactedTree} of each nested object's metadata, in a copy when any changed. */
    static ObjectNode withCompactedMembers(ObjectNode metadata, ObjectNode value) {
        ObjectNode rebuilt = null;
        for (Map.Entry<String, JsonNode> member : metadata.properties()) {
            if (!isSystem(member.getKey()) && member.getValue() instanceof ObjectNode nested
                    && value.get(member.getKey()) instanceof ObjectNode nestedValue) {
                ObjectNode stamped = compactedTree(nested, nestedValue);
                if (stamped != nested) {
                    if (rebuilt == null) {
                        rebuilt = TwinMerge.newObject(metadata.size());
                        rebuilt.setAll(metadata);
                    }
                    rebuilt.set(member.getKey(), stamped);
                }
            }
        }
        return rebuilt == null ? metadata : rebuilt;
    }

    /** The leaf the members share: the first plain member's metadata, or a nested stamped node's leaf. */
    private static ObjectNode leafOf(ObjectNode metadata, ObjectNode value) {
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            if (isSystem(field.getKey())) {
                continue;
            }
            JsonNode member = metadata.get(field.getKey());
            if (field.getValue() instanceof ObjectNode && !(member instanceof Node)) {
                continue; // an empty object's metadata, which names no leaf
            }
            JsonNode leaf = member instanceof Node stamped ? stamped.metadata().leaf : member;
            return leaf instanceof ObjectNode object && isLeaf(object) ? object : null;
        }
        return null;
    }

    /** {@code {$lastUpdated}} or {@code {$lastUpdatedVersion}} after it, both plain values. */
    private static boolean isLeaf(ObjectNode leaf) {
        Iterator<Map.Entry<String, JsonNode>> members = leaf.properties().iterator();
        if (!members.hasNext()) {
            return false;
        }
        Map.Entry<String, JsonNode> time = members.next();
        if (!time.getKey().equals(TwinMerge.LAST_UPDATED) || time.getValue().isContainerNode()) {
            return false;
        }
        if (members.hasNext()) {
            Map.Entry<String, JsonNode> version = members.next();
            if (!version.getKey().equals(TwinMerge.LAST_UPDATED_VERSION) || version.getValue().isContainerNode()) {
                return false;
            }
        }
        return !members.hasNext();
    }

    private static boolean isStamped(JsonNode member, ObjectNode leaf, JsonNode fieldValue) {
        if (fieldValue instanceof ObjectNode object) {
            if (object.isEmpty()) {
                // an empty object's metadata is the write's time and version alone, as the leaf's
                return member instanceof Node stamped ? stamped.metadata().leaf == leaf : leaf.equals(member);
            }
            return member instanceof Node stamped && stamped.metadata().leaf == leaf && stamped.metadata().value == object;
        }
        return member == leaf;
    }

    private static boolean isSystem(String key) {
        return key.startsWith("$");
    }

    @Override
    public JsonNode get(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        if (isSystem(name)) {
            return leaf.get(name);
        }
        JsonNode field = value.get(name);
        if (field == null) {
            return null;
        }
        return field instanceof ObjectNode object ? new Node(new StampedMetadata(leaf, object)) : leaf;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        int size = leaf.size();
        Iterator<String> names = value.fieldNames();
        while (names.hasNext()) {
            if (!isSystem(names.next())) {
                size++;
            }
        }
        return size;
    }

    @Override
    public Set<Map.Entry<String, JsonNode>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, JsonNode>> iterator() {
                return new Members();
            }

            @Override
            public int size() {
                return StampedMetadata.this.size();
            }
        };
    }

    /** The leaf's members, then one per member of the object. */
    private final class Members implements Iterator<Map.Entry<String, JsonNode>> {
        private final Iterator<Map.Entry<String, JsonNode>> stamps = leaf.properties().iterator();
        private final Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator();
        private Map.Entry<String, JsonNode> next;

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (stamps.hasNext()) {
                next = stamps.next();
                return true;
            }
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!isSystem(field.getKey())) {
                    JsonNode member = field.getValue() instanceof ObjectNode object
                            ? new Node(new StampedMetadata(leaf, object)) : leaf;
                    next = new SimpleImmutableEntry<>(field.getKey(), member);
                    return true;
                }
            }
            return false;
        }

        @Override
        public Map.Entry<String, JsonNode> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Map.Entry<String, JsonNode> entry = next;
            next = null;
            return entry;
        }
    }
}
