package dev.twinops.console.progress;

import java.time.Duration;
import java.util.Objects;

import dev.twinops.console.operations.HubTier;
import dev.twinops.limits.RateLimit;

/**
 * Decides how long to wait before the next progress round, so the console's progress queries stay within a share
 * of the hub's query budget (the rest is left for the device list and other tools). With an unlimited hub the
 * interval is the minimum; with a tier, a round of N queries is followed by a pause long enough that N queries
 * fit the share. A 429 doubles the pause (up to a cap) until a round succeeds again.
 */
public final class QueryPacer {

    public static final Duration MAX_DELAY = Duration.ofMinutes(2);

    private final Duration minInterval;
    private final double budgetShare;
    private Duration backoff = Duration.ZERO;

    /**
     * @param minInterval the pause between rounds when the budget allows any pace (e.g. 1 s for the local hub)
     * @param budgetShare the part of the tier's query budget progress may use, (0, 1]
     */
    public QueryPacer(Duration minInterval, double budgetShare) {
        this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
        if (minInterval.isNegative() || minInterval.isZero()) {
            throw new IllegalArgumentException("the minimum interval must be positive");
        }
        if (!(budgetShare > 0 && budgetShare <= 1)) {
            throw new IllegalArgumentException("the budget share must be in (0, 1], not " + budgetShare);
        }
        this.budgetShare = budgetShare;
    }

    /** The pause after a round that used {@code queries} queries, under {@code tier}. */
    public Duration nextDelay(int queries, HubTier tier) {
        Duration budget = tier.queryLimit().map(limit -> perQuery(limit).multipliedBy(Math.max(1, queries)))
                .orElse(Duration.ZERO);
        Duration delay = max(minInterval, budget);
        return backoff.isZero() ? delay : min(MAX_DELAY, max(delay, backoff));
    }

    /** The hub answered 429: slow down. */
    public void throttled(int queries, HubTier tier) {
        Duration base = backoff.isZero() ? nextDelay(queries, tier) : backoff;
        backoff = min(MAX_DELAY, base.multipliedBy(2));
    }

    /** A round went through: back to the budgeted pace. */
    public void succeeded() {
        backoff = Duration.ZERO;
    }

    /** How much time one query "costs" within the share of a limit. */
    private Duration perQuery(RateLimit limit) {
        double permits = limit.permits() * budgetShare;
        return Duration.ofNanos((long) Math.ceil(limit.window().toNanos() / permits));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
