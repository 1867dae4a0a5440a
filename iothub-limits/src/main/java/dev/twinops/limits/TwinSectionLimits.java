package dev.twinops.limits;

/**
 * IoT Hub's limits for each writable section of a twin. Arrays: IoT Hub accepts them in desired and reported
 * properties since api-version 2019-10-01 (every SDK in use sends a later version) and still refuses them in tags.
 */
public enum TwinSectionLimits {
    // Device twins page, "Device twin size": 8 KB for tags.
    TAGS(8 * 1024, false),
    // Device twins page, "Device twin size": 32 KB for desired properties.
    DESIRED(32 * 1024, true),
    // Device twins page, "Device twin size": 32 KB for reported properties.
    REPORTED(32 * 1024, true);

    private final int maxBytes;
    private final boolean arraysAllowed;

    TwinSectionLimits(int maxBytes, boolean arraysAllowed) {
        this.maxBytes = maxBytes;
        this.arraysAllowed = arraysAllowed;
    }

    /** The section's largest size, without {@code $version} and {@code $metadata} (see {@link TwinDocumentRules#jsonBytes}). */
    public int maxBytes() {
        return maxBytes;
    }

    public boolean arraysAllowed() {
        return arraysAllowed;
    }
}
