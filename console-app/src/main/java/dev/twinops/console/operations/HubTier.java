package dev.twinops.console.operations;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.twinops.limits.IotHubTier;
import dev.twinops.limits.OperationClass;
import dev.twinops.limits.RateLimit;
import dev.twinops.limits.TierLimits;

/**
 * What the console assumes about the hub's quotas: unlimited (the local hub by default) or an IoT Hub tier with
 * a number of units. The limits are IoT Hub's published ones ({@link TierLimits}, the same figures the local hub
 * applies when it is told to throttle), so the console paces its progress queries and estimates job durations
 * with them.
 */
public final class HubTier {

    public static final HubTier UNLIMITED = new HubTier(null);

    private static final Pattern TEXT = Pattern.compile("(F1|S1|S2|S3)(?:\\s*[x×]\\s*(\\d{1,3}))?",
            Pattern.CASE_INSENSITIVE);

    /** Null when unlimited. */
    private final TierLimits limits;

    private HubTier(TierLimits limits) {
        this.limits = limits;
    }

    /**
     * @throws IllegalArgumentException for units outside the tier's range (F1: 1, S1/S2: 1-200, S3: 1-10)
     */
    public static HubTier of(IotHubTier tier, int units) {
        return new HubTier(TierLimits.of(tier, units));
    }

    /**
     * Parses "unlimited", "S1", "S3x2" (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static HubTier parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.equalsIgnoreCase("unlimited") || t.equalsIgnoreCase("none")) {
            return UNLIMITED;
        }
        Matcher m = TEXT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("Unknown hub tier '" + t + "': use unlimited, F1, S1, S2 or S3, "
                    + "optionally with units such as S1x2");
        }
        int units = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
        return of(IotHubTier.parse(m.group(1)), units);
    }

    public boolean isUnlimited() {
        return limits == null;
    }

    public Optional<IotHubTier> tier() {
        return Optional.ofNullable(limits).map(TierLimits::tier);
    }

    /** The number of units; 0 when unlimited. */
    public int units() {
        return limits == null ? 0 : limits.units();
    }

    /** Twin queries the hub serves per window, or empty when unlimited. */
    public Optional<RateLimit> queryLimit() {
        return limit(OperationClass.QUERIES);
    }

    /** Device operations a job performs per window (the pace of a job), or empty when unlimited. */
    public Optional<RateLimit> jobDeviceRate() {
        return limit(OperationClass.JOB_DEVICE_OPERATIONS);
    }

    private Optional<RateLimit> limit(OperationClass operation) {
        return Optional.ofNullable(limits).map(l -> l.limit(operation));
    }

    /** How many jobs may be active at once; {@link Integer#MAX_VALUE} when unlimited. */
    public int maxConcurrentJobs() {
        return limits == null ? Integer.MAX_VALUE : limits.maxConcurrentJobs();
    }

    /**
     * How long a job takes to reach {@code devices} devices at the tier's job pace; zero when unlimited. The
     * devices then still need their own time to carry the operation out.
     */
    public Duration jobDispatchTime(long devices) {
        return jobDeviceRate().map(rate -> {
            long windows = (devices + rate.permits() - 1) / rate.permits();
            return rate.window().multipliedBy(windows);
        }).orElse(Duration.ZERO);
    }

    /** "unlimited", "S1", "S3x2": what {@link #parse} reads back. */
    public String code() {
        if (isUnlimited()) {
            return "unlimited";
        }
        String tier = limits.tier().name();
        return units() == 1 ? tier : tier + "x" + units();
    }

    /** "Unlimited (local hub)", "S1, 1 unit": for menus and messages. */
    public String describe() {
        if (isUnlimited()) {
            return "Unlimited";
        }
        return limits.tier().name() + ", " + units() + (units() == 1 ? " unit" : " units");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HubTier other && other.code().equals(code());
    }

    @Override
    public int hashCode() {
        return Objects.hash(code().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return describe();
    }
}
