package dev.twinops.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * IoT Hub's published operation throttles for a hub of {@code units} units of {@code tier}. The figures, per hub
 * (quotas and throttling page, "Operation throttles" and "Other limits"):
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
 *
 * @param tier  the hub's tier
 * @param units 1 to {@link IotHubTier#maxUnits()}
 */
public record TierLimits(IotHubTier tier, int units) {

    /**
     * @throws IllegalArgumentException if units is below 1 or above what the tier allows (F1: 1, S1/S2: 200, S3: 10)
     */
    public TierLimits {
        Objects.requireNonNull(tier, "tier");
        if (units < 1 || units > tier.maxUnits()) {
            throw new IllegalArgumentException("The " + tier + " tier takes 1 to " + tier.maxUnits() + " unit"
                    + (tier.maxUnits() == 1 ? "" : "s") + ", not " + units);
        }
    }

    /** The same as the constructor; reads well at call sites ({@code TierLimits.of(IotHubTier.S1, 2)}). */
    public static TierLimits of(IotHubTier tier, int units) {
        return new TierLimits(tier, units);
    }

    /** The hub-wide rate limit of an operation class: the higher of the flat figure and the per-unit one. */
    public RateLimit limit(OperationClass operation) {
        Throttle throttle = published(operation, tier);
        return new RateLimit(Math.max(throttle.flat(), throttle.perUnit() * units), throttle.window());
    }

    /** How many jobs may be active (scheduled, queued or running) at once. */
    public int maxConcurrentJobs() {
        return switch (tier) {
            // Quotas and throttling, "Other limits", jobs: max concurrent jobs 1 (Free, S1), 5 (S2), 10 (S3).
            case F1, S1 -> 1;
            case S2 -> 5;
            case S3 -> 10;
        };
    }

    /** E.g. "S1 with 1 unit" or "S3 with 2 units". */
    public String describe() {
        return tier + " with " + units + " unit" + (units == 1 ? "" : "s");
    }

    @Override
    public String toString() {
        return describe();
    }

    /** A published throttle: {@code max(flat, perUnit * units)} operations per window. */
    private record Throttle(int flat, int perUnit, Duration window) {
        static Throttle perMinutePerUnit(int perUnit) {
            return new Throttle(0, perUnit, Duration.ofMinutes(1));
        }

        static Throttle perSecond(int flat, int perUnit) {
            return new Throttle(flat, perUnit, Duration.ofSeconds(1));
        }
    }

    private static Throttle published(OperationClass operation, IotHubTier tier) {
        boolean s3 = tier == IotHubTier.S3;
        boolean s2 = tier == IotHubTier.S2;
        return switch (operation) {
            // Quotas and throttling, "Queries": 20/min/unit (Free, S1, S2), 1,000/min/unit (S3).
            case QUERIES -> Throttle.perMinutePerUnit(s3 ? 1000 : 20);
            // Quotas and throttling, "Device twin reads": 100/sec (Free, S1); higher of 100/sec or 10/sec/unit
            // (S2); 500/sec/unit (S3).
            case TWIN_READS -> s3 ? Throttle.perSecond(0, 500) : Throttle.perSecond(100, s2 ? 10 : 0);
            // Quotas and throttling, "Device twin updates": 50/sec (Free, S1); higher of 50/sec or 5/sec/unit (S2);
            // 250/sec/unit (S3).
            case TWIN_UPDATES -> s3 ? Throttle.perSecond(0, 250) : Throttle.perSecond(50, s2 ? 5 : 0);
            // Quotas and throttling, "Identity registry operations" and "Jobs operations": 100/min/unit (Free, S1,
            // S2), 5,000/min/unit (S3).
            case REGISTRY_OPERATIONS, JOB_OPERATIONS -> Throttle.perMinutePerUnit(s3 ? 5000 : 100);
            // Quotas and throttling, "Jobs device operations": 10/sec (Free, S1); higher of 10/sec or 1/sec/unit
            // (S2); 50/sec/unit (S3).
            case JOB_DEVICE_OPERATIONS -> s3 ? Throttle.perSecond(0, 50) : Throttle.perSecond(10, s2 ? 1 : 0);
        };
    }
}
