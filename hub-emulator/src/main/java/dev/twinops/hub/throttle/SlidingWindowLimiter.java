package dev.twinops.hub.throttle;

import dev.twinops.limits.RateLimit;

import java.time.Clock;

/**
 * At most {@code permits} acquisitions in any window: remembers the times of the last {@code permits} granted
 * acquisitions in a ring, so a request is granted exactly when the oldest of them has left the window. Unlike a
 * token bucket it never lets a burst of twice the limit through across a window boundary. Thread-safe.
 */
final class SlidingWindowLimiter {
    private final Clock clock;
    private final long windowMillis;
    /** Grant times in epoch millis, oldest at {@code next}; Long.MIN_VALUE for never used. */
    private final long[] granted;
    private int next;

    SlidingWindowLimiter(RateLimit limit, Clock clock) {
        this.clock = clock;
        this.windowMillis = limit.window().toMillis();
        this.granted = new long[limit.permits()];
        java.util.Arrays.fill(granted, Long.MIN_VALUE);
    }

    /**
     * Takes a permit if one is free now.
     *
     * @return 0 if granted, else the milliseconds until the next permit frees up (at least 1)
     */
    synchronized long tryAcquire() {
        long now = clock.millis();
        long oldest = granted[next];
        if (oldest != Long.MIN_VALUE && now - oldest < windowMillis) {
            return Math.max(1, oldest + windowMillis - now);
        }
        granted[next] = now;
        next = (next + 1) % granted.length;
        return 0;
    }
}
