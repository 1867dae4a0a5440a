package dev.twinops.console.twin;

/** The two twin sections a back end may write, with IoT Hub's limits for each. */
public enum TwinSection {
    TAGS("Tags", 8 * 1024, true),
    DESIRED("Desired properties", 32 * 1024, false);

    private final String label;
    private final int maxBytes;
    private final boolean arraysAllowed;

    TwinSection(String label, int maxBytes, boolean arraysAllowed) {
        this.label = label;
        this.maxBytes = maxBytes;
        this.arraysAllowed = arraysAllowed;
    }

    public String label() {
        return label;
    }

    public int maxBytes() {
        return maxBytes;
    }

    public boolean arraysAllowed() {
        return arraysAllowed;
    }
}
