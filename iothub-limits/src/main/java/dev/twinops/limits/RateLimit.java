package dev.twinops.limits;

import java.time.Duration;

/**
 * At most {@code permits} operations in any window of length {@code window}.
 */
public record RateLimit(int permits, Duration window) {
    public RateLimit {
        if (permits < 1) {
            throw new IllegalArgumentException("a rate limit needs at least one permit, not " + permits);
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("a rate limit needs a positive window, not " + window);
        }
    }

    public static RateLimit perSecond(int permits) {
        return new RateLimit(permits, Duration.ofSeconds(1));
    }

    public static RateLimit perMinute(int permits) {
        return new RateLimit(permits, Duration.ofMinutes(1));
    }

    /** E.g. "20 per minute" or "100 per second". */
    public String describe() {
        String unit = window.equals(Duration.ofMinutes(1)) ? "minute"
                : window.equals(Duration.ofSeconds(1)) ? "second" : window.toMillis() + " ms";
        return permits + " per " + unit;
    }
}
