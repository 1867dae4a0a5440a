package dev.twinops.console.twin;

import dev.twinops.limits.TwinSectionLimits;

/** The two twin sections a back end may write, with IoT Hub's limits for each ({@link TwinSectionLimits}). */
public enum TwinSection {
    TAGS("Tags", TwinSectionLimits.TAGS),
    DESIRED("Desired properties", TwinSectionLimits.DESIRED);

    private final String label;
    private final TwinSectionLimits limits;

    TwinSection(String label, TwinSectionLimits limits) {
        this.label = label;
        this.limits = limits;
    }

    public String label() {
        return label;
    }

    public TwinSectionLimits limits() {
        return limits;
    }
}
