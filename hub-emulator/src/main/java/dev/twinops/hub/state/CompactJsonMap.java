package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The member map of a twin's JSON objects: a shared {@link Shape} (the keys, in insertion order) and an array of
 * values. A twin holds dozens of small objects, and across a fleet most of them have the same keys in the same
 * order (every {@code $metadata} leaf is {@code $lastUpdated, $lastUpdatedVersion}; every twin's sections, tags and
 * device-management blocks repeat); so the keys are stored once per distinct key sequence, not once per object.
 * A map costs 24 bytes plus its values array, where a LinkedHashMap costs about 40 bytes per member plus its table;
 * that is what keeps 100,000 twins within a couple of hundred megabytes. Lookups scan the keys comparing identity
 * first (the JSON parser interns field names), then cached String hashes, which for objects this small beats hashing.
 * Implements {@link Map} directly rather than extending AbstractMap, whose two cached view fields would cost 8
 * bytes a map.
 *
 * <p>Not thread-safe for writers; published twins are never modified, so concurrent readers are fine. Shapes are
 * immutable and shared by all threads.
 */
final class CompactJsonMap implements Map<String, JsonNode> {

    private static final JsonNode[] NO_VALUES = new JsonNode[0];

    /** The keys of an object, in order; never modified once made, shared by every map with these keys. */
    static final class Shape {
        /** Shared shapes a process keeps at most: twins with ever-new property names must not grow the table. */
        static final int MAX_SHARED = 16_384;
        private static final AtomicInteger SHARED = new AtomicInteger();
        static final Shape EMPTY = new Shape(new String[0], true);

        final String[] keys;
        /** The shape with one more key, by that key; null for shapes made after the table was full. */
        private final Map<String, Shape> next;

        private Shape(String[] keys, boolean shared) {
            this.keys = keys;
            this.next = shared ? new ConcurrentHashMap<>(2) : null;
        }

        Shape with(String key) {
            Shape known = next == null ? null : next.get(key);
            if (known != null) {
                return known;
            }
            String[] grown = Arrays.copyOf(keys, keys.length + 1);
            grown[keys.length] = key;
            if (next == null || SHARED.get() >= MAX_SHARED) {
                return new Shape(grown, false);
            }
            return next.computeIfAbsent(key, k -> {
                SHARED.incrementAndGet();
                return new Shape(grown, true);
            });
        }

        Shape without(int index) {
            Shape shape = EMPTY;
            for (int i = 0; i < keys.length; i++) {
                if (i != index) {
                    shape = shape.with(keys[i]);
                }
            }
            return shape;
        }
    }

    private Shape shape = Shape.EMPTY;
    /** values[i] belongs to shape.keys[i]; may be longer than the shape (room to grow). */
    private JsonNode[] values;

    CompactJsonMap(int expectedSize) {
        values = expectedSize == 0 ? NO_VALUES : new JsonNode[expectedSize];
    }

    /** The keys' shape, shared by every map with the same keys in the same order. */
    Shape shape() {
        return shape;
    }

    /** The index of the key in {@link #shape()}'s keys, -1 if absent. */
    int indexOf(Object key) {
        if (!(key instanceof String wanted)) {
            return -1;
        }
        String[] keys = shape.keys;
        int hash = wanted.hashCode();
        for (int i = 0; i < keys.length; i++) {
            String candidate = keys[i];
            // String caches its hash: one int compare rules out almost every other key.
            if (candidate == wanted || (candidate.hashCode() == hash && candidate.equals(wanted))) {
                return i;
            }
        }
        return -1;
    }

    /** The value of the member at {@code index} of the shape's keys. */
    JsonNode valueAt(int index) {
        return values[index];
    }

    /** Drops the room to grow: for a map that is complete (a stored twin's maps never change again). */
    void trimToSize() {
        int size = size();
        if (values.length > size) {
            values = size == 0 ? NO_VALUES : Arrays.copyOf(values, size);
        }
    }

    /**
     * Whether the other map has the same keys in the same order (one shape) and the same values, where objects and
     * arrays count as the same only when they are the same node: what lets two stored objects be one.
     */
    boolean sameMembers(CompactJsonMap other) {
        if (other.shape != shape) {
            return false;
        }
        for (int i = 0; i < shape.keys.length; i++) {
            JsonNode mine = values[i];
            JsonNode theirs = other.values[i];
            if (mine != theirs && (mine.isContainerNode() || !mine.equals(theirs))) {
                return false;
            }
        }
        return true;
    }

    /** A hash consistent with {@link #sameMembers}. */
    int membersHash() {
        int hash = System.identityHashCode(shape);
        for (int i = 0; i < shape.keys.length; i++) {
            JsonNode value = values[i];
            hash = 31 * hash + (value.isContainerNode() ? System.identityHashCode(value) : value.hashCode());
        }
        return hash;
    }

    @Override
    public int size() {
        return shape.keys.length;
    }

    @Override
    public boolean isEmpty() {
        return shape.keys.length == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public boolean containsValue(Object value) {
        for (int i = 0; i < size(); i++) {
            if (Objects.equals(values[i], value)) {
                return true;
            }
        }
        return false;
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
        int size = size();
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.max(2, size + (size >> 1) + 1));
        }
        values[size] = value;
        shape = shape.with(key);
        return null;
    }

    @Override
    public void putAll(Map<? extends String, ? extends JsonNode> members) {
        members.forEach(this::put);
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
        int size = size();
        int tail = size - index - 1;
        if (tail > 0) {
            System.arraycopy(values, index + 1, values, index, tail);
        }
        values[size - 1] = null;
        shape = shape.without(index);
    }

    @Override
    public void clear() {
        Arrays.fill(values, null);
        shape = Shape.EMPTY;
    }

    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return new Members<>(i -> shape.keys[i]);
            }

            @Override
            public int size() {
                return CompactJsonMap.this.size();
            }

            @Override
            public boolean contains(Object o) {
                return containsKey(o);
            }
        };
    }

    @Override
    public Collection<JsonNode> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<JsonNode> iterator() {
                return new Members<>(i -> values[i]);
            }

            @Override
            public int size() {
                return CompactJsonMap.this.size();
            }
        };
    }

    @Override
    public Set<Map.Entry<String, JsonNode>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, JsonNode>> iterator() {
                return new Members<>(Member::new);
            }

            @Override
            public int size() {
                return CompactJsonMap.this.size();
            }
        };
    }

    /** As the Map contract defines it: the same mappings, whatever the order or implementation. */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof Map<?, ?> other) || other.size() != size()) {
            return false;
        }
        String[] keys = shape.keys;
        for (int i = 0; i < keys.length; i++) {
            Object theirs = other.get(keys[i]);
            if (theirs == null ? values[i] != null || !other.containsKey(keys[i]) : !theirs.equals(values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        String[] keys = shape.keys;
        for (int i = 0; i < keys.length; i++) {
            hash += keys[i].hashCode() ^ Objects.hashCode(values[i]);
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        String[] keys = shape.keys;
        for (int i = 0; i < keys.length; i++) {
            text.append(i == 0 ? "" : ", ").append(keys[i]).append('=').append(values[i]);
        }
        return text.append('}').toString();
    }

    /** Iterates members by index; any change other than its own remove() since it started is detected. */
    private final class Members<T> implements Iterator<T> {
        private final IntFunction<T> at;
        private int next;
        private int last = -1;
        /** Every structural change makes a new shape (shapes are never modified), so this detects them. */
        private Shape expectedShape = shape;

        Members(IntFunction<T> at) {
            this.at = at;
        }

        @Override
        public boolean hasNext() {
            return next < size();
        }

        @Override
        public T next() {
            if (expectedShape != shape) {
                throw new ConcurrentModificationException();
            }
            if (next >= size()) {
                throw new NoSuchElementException();
            }
            last = next++;
            return at.apply(last);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException();
            }
            if (expectedShape != shape) {
                throw new ConcurrentModificationException();
            }
            removeAt(last);
            next = last;
            last = -1;
            expectedShape = shape;
        }
    }

    /** A view of one member; setValue writes through, as Map.Entry requires. */
    private final class Member extends AbstractMap.SimpleEntry<String, JsonNode> {
        private static final long serialVersionUID = 1L;
        private final int index;

        Member(int index) {
            super(shape.keys[index], values[index]);
            this.index = index;
        }

        @Override
        public JsonNode setValue(JsonNode value) {
            values[index] = value;
            return super.setValue(value);
        }
    }
}
