package dev.twinops.hub.throttle;

import dev.twinops.limits.IotHubTier;
import dev.twinops.limits.OperationClass;
import dev.twinops.limits.RateLimit;
import dev.twinops.limits.TierLimits;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Which of IoT Hub's published operation throttles the local hub applies: none (the default), or those of a tier
 * with a number of units (the figures are {@link TierLimits}'). Immutable.
 *
 * <p>The clock measures the windows; tests pass one they can move.
 */
public final class ThrottlingPolicy {
    private static final ThrottlingPolicy NONE = new ThrottlingPolicy(null, Clock.systemUTC());

    /** Null when nothing is throttled. */
    private final TierLimits limits;
    private final Clock clock;

    private ThrottlingPolicy(TierLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** No throttling: every request is served (the default). */
    public static ThrottlingPolicy none() {
        return NONE;
    }

    /**
     * The limits of {@code units} units of {@code tier}.
     *
     * @throws IllegalArgumentException if units is below 1 or above what the tier allows (F1: 1, S1/S2: 200, S3: 10)
     */
    public static ThrottlingPolicy of(IotHubTier tier, int units) {
        return new ThrottlingPolicy(TierLimits.of(tier, units), Clock.systemUTC());
    }

    /** The same limits measured with another clock (tests move it instead of waiting a minute). */
    public ThrottlingPolicy withClock(Clock clock) {
        return new ThrottlingPolicy(limits, Objects.requireNonNull(clock, "clock"));
    }

    public boolean enabled() {
        return limits != null;
    }

    /** The tier, or empty when nothing is throttled. */
    public Optional<IotHubTier> tier() {
        return Optional.ofNullable(limits).map(TierLimits::tier);
    }

    /** The number of units; 0 when nothing is throttled. */
    public int units() {
        return limits == null ? 0 : limits.units();
    }

    public Clock clock() {
        return clock;
    }

    /** The rate limit of an operation class, or empty when nothing is throttled. */
    public Optional<RateLimit> limit(OperationClass operation) {
        return Optional.ofNullable(limits).map(l -> l.limit(operation));
    }

    /** How many jobs may be active (scheduled, queued or running) at once; unbounded when nothing is throttled. */
    public int maxConcurrentJobs() {
        return limits == null ? Integer.MAX_VALUE : limits.maxConcurrentJobs();
    }

    /** E.g. "S1 with 1 unit" or "no throttling". */
    public String describe() {
        return limits == null ? "no throttling" : limits.describe();
    }

    @Override
    public String toString() {
        return describe();
    }
}
