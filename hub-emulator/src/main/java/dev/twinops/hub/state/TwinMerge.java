package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Twin merge semantics (merge patch: {@code null} deletes, objects merge recursively) with IoT Hub's
 * {@code $metadata}. Copy-on-write: the result shares every untouched subtree with the old section, and no
 * node that was ever published is modified, so readers can hold nodes without locks.
 */
final class TwinMerge {

    static final String LAST_UPDATED = "$lastUpdated";
    static final String LAST_UPDATED_VERSION = "$lastUpdatedVersion";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Shared, never modified. */
    private static final ObjectNode EMPTY = NODES.objectNode();

    private TwinMerge() {
    }

    /**
     * When and at which section version a change happened. One instance per write: every property the write
     * touches shares the same metadata node, which keeps 100,000 twins small in memory.
     */
    record Stamp(TextNode time, JsonNode version, ObjectNode leafMetadata) {
        static Stamp of(Instant time, Long sectionVersion) {
            TextNode text = TextNode.valueOf(IotHubTime.format(time));
            JsonNode version = sectionVersion == null ? null : versionNode(sectionVersion);
            ObjectNode leaf = newObject(2);
            leaf.set(LAST_UPDATED, text);
            if (version != null) {
                leaf.set(LAST_UPDATED_VERSION, version);
            }
            return new Stamp(text, version, leaf);
        }
    }

    private record Merged(ObjectNode value, ObjectNode metadata) {
    }

    /**
     * Short strings repeat across a fleet ("current", "Contoso", "1.0.3"): written ones share a node, as reloaded ones
     * do. Timestamps (a device's "lastUpdated") almost never repeat, so they are not offered to the cache, where they
     * would only push out the values that do. Upkeep runs on the writing thread, not in the common fork-join pool.
     */
    private static final int SHARED_TEXT_MAX = 64;
    private static final Cache<String, TextNode> SHARED_TEXTS = Caffeine.newBuilder().maximumSize(4_096)
            .executor(Runnable::run).build();

    /**
     * Written objects equal to one a twin already holds share its node (see {@link SharedObjects}); bounded, so
     * ever-new objects cannot grow it, and the objects in use across the fleet stay in it.
     */
    private static final SharedObjects SHARED_OBJECTS = new SharedObjects(
            Caffeine.newBuilder().maximumSize(4_096).executor(Runnable::run)
                    .<Object, CompactObjectNode>build().asMap()::putIfAbsent);

    /** Above this many members an object gets a hash map, so lookups in a large section stay O(1). */
    static final int COMPACT_LIMIT = 64;

    /** An object node with a compact member map for its expected size (see {@link CompactJsonMap}). */
    static ObjectNode newObject(int expectedSize) {
        if (expectedSize <= COMPACT_LIMIT) {
            return new CompactObjectNode(NODES, new CompactJsonMap(expectedSize));
        }
        return new ObjectNode(NODES, new LinkedHashMap<>((int) (expectedSize / 0.75f) + 1));
    }

    /** Small versions repeat across a fleet: one node each below this. */
    private static final IntNode[] SHARED_VERSIONS = new IntNode[1_024];

    static {
        for (int i = 0; i < SHARED_VERSIONS.length; i++) {
            SHARED_VERSIONS[i] = IntNode.valueOf(i);
        }
    }

    /** An int node while the version fits (as a JSON parser would read it back), a long node beyond. */
    static JsonNode versionNode(long version) {
        if (version >= 0 && version < SHARED_VERSIONS.length) {
            return SHARED_VERSIONS[(int) version];
        }
        return version == (int) version ? IntNode.valueOf((int) version) : LongNode.valueOf(version);
    }

    /** A section (desired or reported) as stored: no properties, {@code $metadata} and {@code $version}. */
    static ObjectNode emptySection(Stamp stamp, long version) {
        ObjectNode section = newObject(2);
        section.set(TwinRules.METADATA, stamp.leafMetadata());
        section.set(TwinRules.VERSION, versionNode(version));
        return section;
    }

    /**
     * Merges a checked patch into a desired or reported section and gives the new section with
     * {@code $version} = {@code newVersion}. The stamp's version must be {@code newVersion} for desired, null for reported.
     */
    static ObjectNode mergeSection(ObjectNode section, ObjectNode patch, Stamp stamp, long newVersion) {
        JsonNode oldMetadata = section.get(TwinRules.METADATA);
        Merged merged = merge(section, oldMetadata instanceof ObjectNode m ? m : EMPTY, patch, stamp);
        ObjectNode result = newObject(merged.value().size() + 2);
        result.setAll(merged.value());
        ObjectNode metadata = trimmed(merged.metadata());
        result.set(TwinRules.METADATA, metadata); // its place among the members, before $version
        result.set(TwinRules.VERSION, versionNode(newVersion));
        // over the section itself, once it holds every member; where it cannot be stamped, the trimmed copy stays
        result.set(TwinRules.METADATA, StampedMetadata.compacted(metadata, result));
        return result;
    }

    /** Merges a checked patch into tags (no metadata); objects equal to stored ones are shared. */
    static ObjectNode mergeTags(ObjectNode tags, ObjectNode patch) {
        ObjectNode result = copyWithout(tags, patch.size());
        Iterator<Map.Entry<String, JsonNode>> fields = patch.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                result.remove(key);
            } else if (value.isObject()) {
                JsonNode old = tags.get(key);
                result.set(key, mergeTags(old instanceof ObjectNode o ? o : EMPTY, (ObjectNode) value));
            } else {
                result.set(key, value);
            }
        }
        return SHARED_OBJECTS.share(result);
    }

    private static Merged merge(ObjectNode oldValue, ObjectNode oldMetadata, ObjectNode patch, Stamp stamp) {
        ObjectNode value = copyWithout(oldValue, patch.size());
        ObjectNode metadata = newObject(value.size() + patch.size() + 2);
        metadata.set(LAST_UPDATED, stamp.time());
        if (stamp.version() != null) {
            metadata.set(LAST_UPDATED_VERSION, stamp.version());
        }
        Iterator<Map.Entry<String, JsonNode>> old = oldMetadata.properties().iterator();
        while (old.hasNext()) {
            Map.Entry<String, JsonNode> field = old.next();
            if (!field.getKey().startsWith("$") && value.has(field.getKey())) {
                metadata.set(field.getKey(), field.getValue());
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = patch.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode change = field.getValue();
            if (change.isNull()) {
                value.remove(key);
                metadata.remove(key);
            } else if (change.isObject()) {
                JsonNode before = oldValue.get(key);
                ObjectNode beforeObject = before instanceof ObjectNode o ? o : EMPTY;
                JsonNode beforeMetadata = beforeObject == EMPTY ? null : oldMetadata.get(key);
                Merged child = merge(beforeObject, beforeMetadata instanceof ObjectNode m ? m : EMPTY,
                        (ObjectNode) change, stamp);
                // the value may be one other twins hold too; its metadata carries this write's time
                ObjectNode childValue = SHARED_OBJECTS.share(child.value());
                value.set(key, childValue);
                metadata.set(key, StampedMetadata.compacted(trimmed(child.metadata()), childValue));
            } else {
                value.set(key, change);
                metadata.set(key, stamp.leafMetadata());
            }
        }
        return new Merged(value, metadata);
    }

    /**
     * The patch that turns {@code before} into {@code after} (both without nulls): deleted keys as {@code null},
     * changed or added keys with their new value, nested objects as nested patches, unchanged keys left out.
     */
    static ObjectNode difference(ObjectNode before, ObjectNode after) {
        ObjectNode patch = newObject(after.size());
        Iterator<String> oldKeys = before.fieldNames();
        while (oldKeys.hasNext()) {
            String key = oldKeys.next();
            if (!TwinRules.isSystemKey(key) && !after.has(key)) {
                patch.putNull(key);
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = after.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode old = before.get(field.getKey());
            JsonNode now = field.getValue();
            if (old == null) {
                patch.set(field.getKey(), now);
            } else if (old.isObject() && now.isObject()) {
                ObjectNode nested = difference((ObjectNode) old, (ObjectNode) now);
                if (!nested.isEmpty()) {
                    patch.set(field.getKey(), nested);
                }
            } else if (!old.equals(now)) {
                patch.set(field.getKey(), now);
            }
        }
        return patch;
    }

    /** A replacement body's object with every {@code null} member dropped (a replacement has nothing to delete). */
    static ObjectNode withoutNulls(ObjectNode object) {
        ObjectNode result = newObject(object.size());
        Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            result.set(field.getKey(), value.isObject() ? withoutNulls((ObjectNode) value) : value);
        }
        return result;
    }

    /** The properties of a section without its system keys, as the device SDK reads them. */
    static ObjectNode withoutMetadata(ObjectNode section) {
        ObjectNode result = newObject(section.size());
        Iterator<Map.Entry<String, JsonNode>> fields = section.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!TwinRules.METADATA.equals(field.getKey())) {
                result.set(field.getKey(), field.getValue());
            }
        }
        return result;
    }

    /** A deep copy whose objects have compact member maps (Jackson's own deepCopy gives LinkedHashMaps). */
    static ObjectNode compactCopy(ObjectNode source) {
        ObjectNode copy = newObject(source.size());
        Iterator<Map.Entry<String, JsonNode>> fields = source.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            copy.set(field.getKey(), compactCopyOf(field.getValue()));
        }
        return copy;
    }

    private static JsonNode compactCopyOf(JsonNode value) {
        if (value instanceof ObjectNode object) {
            return compactCopy(object);
        }
        if (value instanceof ArrayNode array) {
            ArrayNode copy = NODES.arrayNode(array.size());
            for (JsonNode element : array) {
                copy.add(compactCopyOf(element));
            }
            return copy;
        }
        if (value instanceof TextNode text && text.textValue().length() <= SHARED_TEXT_MAX
                && !looksLikeTime(text.textValue())) {
            return SHARED_TEXTS.get(text.textValue(), TextNode::valueOf);
        }
        return value; // value nodes are immutable
    }

    /** An ISO-8601 date and time ({@code 2026-03-01T10:00:00...}), by its fixed punctuation. */
    static boolean looksLikeTime(String text) {
        return text.length() >= 19 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':';
    }

    /** The object without room to grow: a merged object is complete once stored. */
    private static ObjectNode trimmed(ObjectNode object) {
        if (object instanceof CompactObjectNode compact) {
            compact.members().trimToSize();
        }
        return object;
    }

    /** A shallow copy leaving out the system keys; room for {@code extra} more keys. */
    private static ObjectNode copyWithout(ObjectNode source, int extra) {
        ObjectNode copy = newObject(source.size() + extra);
        Iterator<Map.Entry<String, JsonNode>> fields = source.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!TwinRules.isSystemKey(field.getKey())) {
                copy.set(field.getKey(), field.getValue());
            }
        }
        return copy;
    }
}
