package dev.twinops.limits;

/**
 * Where in a twin section something is: the keys from the section's root, with the elements of arrays marked.
 * Immutable; a child shares its parent, so walking a document costs one small object per key.
 */
public final class TwinPath {
    private static final TwinPath ROOT = new TwinPath(null, null);

    private final TwinPath parent;
    /** The key, or null for an element of the parent array (and for the root). */
    private final String key;

    private TwinPath(TwinPath parent, String key) {
        this.parent = parent;
        this.key = key;
    }

    /** The section itself. */
    public static TwinPath root() {
        return ROOT;
    }

    public TwinPath child(String key) {
        return new TwinPath(this, java.util.Objects.requireNonNull(key, "key"));
    }

    /** An element of the array at this path. */
    public TwinPath element() {
        return new TwinPath(this, null);
    }

    public boolean isRoot() {
        return parent == null;
    }

    /** The path one step up; the root for a key at the root. */
    public TwinPath parent() {
        return isRoot() ? this : parent;
    }

    /** The last key, "" for the root or an array element. */
    public String lastKey() {
        return key == null ? "" : key;
    }

    /** The keys joined with dots, array elements leaving no mark: "cfg.list", "site". */
    public String dotted() {
        return render(false);
    }

    /** The keys joined with dots, each array element as "[]": "zones[].name". */
    public String withArrayMarks() {
        return render(true);
    }

    private String render(boolean markArrays) {
        if (isRoot()) {
            return "";
        }
        String above = parent.render(markArrays);
        if (key == null) {
            return markArrays ? above + "[]" : above;
        }
        return above.isEmpty() ? key : above + "." + key;
    }

    @Override
    public String toString() {
        return withArrayMarks();
    }
}
