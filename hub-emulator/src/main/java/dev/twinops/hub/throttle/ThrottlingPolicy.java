package dev.twinops.hub.throttle;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Which of IoT Hub's published operation throttles the local hub applies: none (the default), or those of a tier
 * with a number of units. Immutable.
 *
 * <p>The limits, per hub (IoT Hub's "quotas and throttling" table):
 * <table>
 *   <tr><th>operation</th><th>F1, S1</th><th>S2</th><th>S3</th></tr>
 *   <tr><td>queries</td><td>20/min/unit</td><td>20/min/unit</td><td>1,000/min/unit</td></tr>
 *   <tr><td>twin reads</td><td>100/s</td><td>higher of 100/s or 10/s/unit</td><td>500/s/unit</td></tr>
 *   <tr><td>twin updates</td><td>50/s</td><td>higher of 50/s or 5/s/unit</td><td>250/s/unit</td></tr>
 *   <tr><td>identity registry operations</td><td>100/min/unit</td><td>100/min/unit</td><td>5,000/min/unit</td></tr>
 *   <tr><td>job operations (create, get, cancel, list)</td><td>100/min/unit</td><td>100/min/unit</td><td>5,000/min/unit</td></tr>
 *   <tr><td>job device operations</td><td>10/s</td><td>higher of 10/s or 1/s/unit</td><td>50/s/unit</td></tr>
 *   <tr><td>concurrent jobs</td><td>1</td><td>5</td><td>10</td></tr>
 * </table>
 * The clock measures the windows; tests pass one they can move.
 */
public final class ThrottlingPolicy {
    private static final ThrottlingPolicy NONE = new ThrottlingPolicy(null, 0, Clock.systemUTC());

    private final ThrottlingTier tier;
    private final int units;
    private final Clock clock;

    private ThrottlingPolicy(ThrottlingTier tier, int units, Clock clock) {
        this.tier = tier;
        this.units = units;
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
    public static ThrottlingPolicy of(ThrottlingTier tier, int units) {
        Objects.requireNonNull(tier, "tier");
        if (units < 1 || units > tier.maxUnits()) {
            throw new IllegalArgumentException("The " + tier + " tier takes 1 to " + tier.maxUnits() + " unit"
                    + (tier.maxUnits() == 1 ? "" : "s") + ", not " + units);
        }
        return new ThrottlingPolicy(tier, units, Clock.systemUTC());
    }

    /** The same limits measured with another clock (tests move it instead of waiting a minute). */
    public ThrottlingPolicy withClock(Clock clock) {
        return new ThrottlingPolicy(tier, units, Objects.requireNonNull(clock, "clock"));
    }

    public boolean enabled() {
        return tier != null;
    }

    /** The tier, or empty when nothing is throttled. */
    public Optional<ThrottlingTier> tier() {
        return Optional.ofNullable(tier);
    }

    /** The number of units; 0 when nothing is throttled. */
    public int units() {
        return units;
    }

    public Clock clock() {
        return clock;
    }

    /** The rate limit of an operation class, or empty when nothing is throttled. */
    public Optional<RateLimit> limit(OperationClass operation) {
        if (tier == null) {
            return Optional.empty();
        }
        boolean s3 = tier == ThrottlingTier.S3;
        boolean s2 = tier == ThrottlingTier.S2;
        RateLimit limit = switch (operation) {
            case QUERIES -> RateLimit.perMinute((s3 ? 1000 : 20) * units);
            case TWIN_READS -> RateLimit.perSecond(s3 ? 500 * units : s2 ? Math.max(100, 10 * units) : 100);
            case TWIN_UPDATES -> RateLimit.perSecond(s3 ? 250 * units : s2 ? Math.max(50, 5 * units) : 50);
            case REGISTRY_OPERATIONS, JOB_OPERATIONS -> RateLimit.perMinute((s3 ? 5000 : 100) * units);
            case JOB_DEVICE_OPERATIONS -> RateLimit.perSecond(s3 ? 50 * units : s2 ? Math.max(10, units) : 10);
        };
        return Optional.of(limit);
    }

    /** How many jobs may be active (scheduled, queued or running) at once; unbounded when nothing is throttled. */
    public int maxConcurrentJobs() {
        if (tier == null) {
            return Integer.MAX_VALUE;
        }
        return switch (tier) {
            case F1, S1 -> 1;
            case S2 -> 5;
            case S3 -> 10;
        };
    }

    /** E.g. "S1 with 1 unit" or "no throttling". */
    public String describe() {
        return tier == null ? "no throttling" : tier + " with " + units + " unit" + (units == 1 ? "" : "s");
    }

    @Override
    public String toString() {
        return describe();
    }
}
