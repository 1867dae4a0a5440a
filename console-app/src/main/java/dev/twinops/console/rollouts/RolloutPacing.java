package dev.twinops.console.rollouts;

import java.time.Duration;

import dev.twinops.console.operations.HubTier;
import dev.twinops.limits.RateLimit;
import dev.twinops.rollout.engine.EngineSettings;

/**
 * How fast the console's rollouts look at the hub: on an unlimited hub (the local one) a round a second; on an IoT
 * Hub tier a quarter of the tier's twin-query quota, the rest being the device list's and the progress panel's.
 */
public final class RolloutPacing {

    /** The share of the tier's query quota the console's rollouts may use together. */
    static final double QUERY_SHARE = 0.25;

    private RolloutPacing() {
    }

    public static EngineSettings settingsFor(HubTier tier) {
        if (tier.isUnlimited()) {
            return EngineSettings.DEFAULTS.withIntervals(Duration.ofSeconds(1), Duration.ofSeconds(1));
        }
        RateLimit queries = tier.queryLimit().orElseThrow();
        double perMinute = queries.permits() * 60.0 / Math.max(1, queries.window().toSeconds());
        return EngineSettings.DEFAULTS.withQueriesPerMinute(Math.max(1, (int) Math.floor(perMinute * QUERY_SHARE)));
    }
}
