package dev.twinops.rollout.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How the engine paces itself (not part of a plan: the same plan runs against a local hub or an S1 hub).
 *
 * @param queriesPerMinute  the twin-query budget the engine may use (e.g. S1: 20 a minute per unit, and the
 *                          console keeps some for itself); 0 for no limit
 * @param roundInterval     the shortest pause between progress rounds
 * @param jobPollInterval   the shortest pause between two looks at the job under way
 * @param saveInterval      how often device-level changes are saved between transitions (transitions save at once)
 * @param detailEveryRounds a detail read is forced after this many rounds whose counts did not change
 */
public record EngineSettings(int queriesPerMinute, Duration roundInterval, Duration jobPollInterval,
                             Duration saveInterval, int detailEveryRounds) {

    public static final EngineSettings DEFAULTS = new EngineSettings(0, Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(5), 10);

    public EngineSettings {
        if (queriesPerMinute < 0) {
            throw new IllegalArgumentException("the query budget must be 0 (no limit) or positive, not "
                    + queriesPerMinute);
        }
        Objects.requireNonNull(roundInterval, "roundInterval");
        Objects.requireNonNull(jobPollInterval, "jobPollInterval");
        Objects.requireNonNull(saveInterval, "saveInterval");
        if (detailEveryRounds < 1) {
            throw new IllegalArgumentException("detailEveryRounds must be at least 1");
        }
    }

    public EngineSettings withQueriesPerMinute(int budget) {
        return new EngineSettings(budget, roundInterval, jobPollInterval, saveInterval, detailEveryRounds);
    }

    public EngineSettings withIntervals(Duration round, Duration jobPoll) {
        return new EngineSettings(queriesPerMinute, round, jobPoll, saveInterval, detailEveryRounds);
    }
}
