package dev.twinops.limits;

import java.util.Locale;

/**
 * The IoT Hub tiers whose published operation throttles TwinOps knows. F1 (free) throttles like S1 but has exactly
 * one unit.
 */
public enum IotHubTier {
    // Tier and size page: a free hub has exactly one unit.
    F1(1),
    // Tier and size page: S1 and S2 scale to 200 units.
    S1(200),
    S2(200),
    // Tier and size page: S3 scales to 10 units.
    S3(10);

    private final int maxUnits;

    IotHubTier(int maxUnits) {
        this.maxUnits = maxUnits;
    }

    /** The most units a hub of this tier can have. */
    public int maxUnits() {
        return maxUnits;
    }

    /**
     * Parses {@code F1|S1|S2|S3}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted tiers
     */
    public static IotHubTier parse(String text) {
        if (text != null) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // fall through to the clear message
            }
        }
        throw new IllegalArgumentException("Unknown IoT Hub tier '" + text + "'; use F1, S1, S2 or S3");
    }
}
