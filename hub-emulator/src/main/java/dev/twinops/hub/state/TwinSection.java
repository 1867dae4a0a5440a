package dev.twinops.hub.state;

import dev.twinops.limits.TwinSectionLimits;

/** The three writable parts of a twin, each with IoT Hub's own size limit and rules ({@link TwinSectionLimits}). */
enum TwinSection {
    TAGS("tags", TwinSectionLimits.TAGS),
    DESIRED("desired properties", TwinSectionLimits.DESIRED),
    REPORTED("reported properties", TwinSectionLimits.REPORTED);

    private final String label;
    private final TwinSectionLimits limits;

    TwinSection(String label, TwinSectionLimits limits) {
        this.label = label;
        this.limits = limits;
    }

    String label() {
        return label;
    }

    TwinSectionLimits limits() {
        return limits;
    }

    /** Desired and reported sections carry {@code $metadata} and {@code $version}; tags do not. */
    boolean hasMetadata() {
        return this != TAGS;
    }
}
