package dev.twinops.hub.throttle;

import java.util.Locale;

/**
 * The IoT Hub tiers whose published operation throttles the local hub can apply. F1 (free) throttles like S1 but
 * has exactly one unit; S1 and S2 allow up to 200 units, S3 up to 10, as IoT Hub does.
 */
public enum ThrottlingTier {
    F1(1),
    S1(200),
    S2(200),
    S3(10);

    private final int maxUnits;

    ThrottlingTier(int maxUnits) {
        this.maxUnits = maxUnits;
    }

    public int maxUnits() {
        return maxUnits;
    }

    /**
     * Parses {@code F1|S1|S2|S3}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted tiers
     */
    public static ThrottlingTier parse(String text) {
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
