package dev.twinops.hub.state;

/** The three writable parts of a twin, each with IoT Hub's own size limit and rules. */
enum TwinSection {
    TAGS("tags", 8 * 1024, true),
    DESIRED("desired properties", 32 * 1024, false),
    REPORTED("reported properties", 32 * 1024, false);

    private final String label;
    private final int maxBytes;
    private final boolean arraysAllowed;

    TwinSection(String label, int maxBytes, boolean arraysAllowed) {
        this.label = label;
        this.maxBytes = maxBytes;
        this.arraysAllowed = arraysAllowed;
    }

    String label() {
        return label;
    }

    int maxBytes() {
        return maxBytes;
    }

    boolean arraysAllowed() {
        return arraysAllowed;
    }

    /** Desired and reported sections carry {@code $metadata} and {@code $version}; tags do not. */
    boolean hasMetadata() {
        return this != TAGS;
    }
}
