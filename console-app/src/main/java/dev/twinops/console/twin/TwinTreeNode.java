package dev.twinops.console.twin;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of the twin tree: a property with its value (empty for objects) and, when the hub recorded
 * it, the time of its last update ({@code $metadata.$lastUpdated}).
 */
public record TwinTreeNode(String name, String value, Instant lastUpdated, List<TwinTreeNode> children) {

    public TwinTreeNode {
        Objects.requireNonNull(name, "name");
        value = value == null ? "" : value;
        children = List.copyOf(children);
    }

    public boolean isLeaf() {
        return children.isEmpty();
    }

    /** The child with this name, or null (convenient for tests and lookups). */
    public TwinTreeNode child(String childName) {
        return children.stream().filter(c -> c.name().equals(childName)).findFirst().orElse(null);
    }
}
