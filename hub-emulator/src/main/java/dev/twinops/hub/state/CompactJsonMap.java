package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The member map of a twin's JSON objects: keys and values in two arrays, in insertion order. A twin holds
 * dozens of small objects (each property's {@code $metadata} is one); a LinkedHashMap costs about 40 bytes
 * per member plus its table, this costs 8, which is what keeps 100,000 twins in a few hundred megabytes.
 * Lookups scan the keys comparing cached String hashes first, which for objects this small beats hashing.
 *
 * <p>Not thread-safe for writers; published twins are never modified, so concurrent readers are fine.
 */
final class CompactJsonMap extends AbstractMap<String, JsonNode> {

    private static final String[] NO_KEYS = new String[0];
    private static final JsonNode[] NO_VALUES = new JsonNode[0];

    private String[] keys;
    private JsonNode[] values;
    private int size;
    private int modifications;

    CompactJsonMap(int expectedSize) {
        keys = expectedSize == 0 ? NO_KEYS : new String[expectedSize];
        values = expectedSize == 0 ? NO_VALUES : new JsonNode[expectedSize];
    }

    private int indexOf(Object key) {
        if (!(key instanceof String wanted)) {
            return -1;
        }
        int hash = wanted.hashCode();
        for (int i = 0; i < size; i++) {
            String candidate = keys[i];
            // String caches its hash: one int compare rules out almost every other key.
            if (candidate == wanted || (candidate.hashCode() == hash && candidate.equals(wanted))) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public JsonNode get(Object key) {
        int index = indexOf(key);
        return index < 0 ? null : values[index];
    }

    @Override
    public JsonNode put(String key, JsonNode value) {
        Objects.requireNonNull(key, "key");
        int index = indexOf(key);
        if (index >= 0) {
            JsonNode old = values[index];
            values[index] = value;
            return old;
        }
        if (size == keys.length) {
            int capacity = Math.max(2, size + (size >> 1) + 1);
            keys = Arrays.copyOf(keys, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        keys[size] = key;
        values[size] = value;
        size++;
        modifications++;
        return null;
    }

    @Override
    public JsonNode remove(Object key) {
        int index = indexOf(key);
        if (index < 0) {
            return null;
        }
        JsonNode old = values[index];
        removeAt(index);
        return old;
    }

    private void removeAt(int index) {
        int tail = size - index - 1;
        if (tail > 0) {
            System.arraycopy(keys, index + 1, keys, index, tail);
            System.arraycopy(values, index + 1, values, index, tail);
        }
        size--;
        keys[size] = null;
        values[size] = null;
        modifications++;
    }

    @Override
    public void clear() {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        modifications++;
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
                return size;
            }
        };
    }

    private final class Members implements Iterator<Map.Entry<String, JsonNode>> {
        private int next;
        private int last = -1;
        private int expectedModifications = modifications;

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public Map.Entry<String, JsonNode> next() {
            if (expectedModifications != modifications) {
                throw new ConcurrentModificationException();
            }
            if (next >= size) {
                throw new NoSuchElementException();
            }
            last = next++;
            return new Member(last);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException();
            }
            if (expectedModifications != modifications) {
                throw new ConcurrentModificationException();
            }
            removeAt(last);
            next = last;
            last = -1;
            expectedModifications = modifications;
        }
    }

    /** A view of one member; setValue writes through, as Map.Entry requires. */
    private final class Member extends AbstractMap.SimpleEntry<String, JsonNode> {
        private static final long serialVersionUID = 1L;
        private final int index;

        Member(int index) {
            super(keys[index], values[index]);
            this.index = index;
        }

        @Override
        public JsonNode setValue(JsonNode value) {
            values[index] = value;
            return super.setValue(value);
        }
    }
}
