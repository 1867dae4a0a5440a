package dev.twinops.rollout.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One wave: its totals, its failures by error code, its time per phase, and what it cost and took: from its start
 * to its end (or to the report's time while it runs or is paused), the twin queries and Jobs API calls made while it
 * was the current wave, and what paused or aborted the rollout on it.
 *
 * @param duration      null while the wave has not started
 * @param queries       twin queries (pages); wave 1's include the target's count
 * @param jobOperations Jobs API calls: create, get, cancel
 * @param pausedBy      e.g. {@code FAILURE_THRESHOLD: wave 1 (canary): 2 of 3 devices failed ...}; empty if none
 */
public record WaveReport(int wave, String name, String selection, String step, String result, Totals totals,
                         Map<String, Long> failuresByCode, Map<String, PhaseStats> phaseTimes, Instant startedAt,
                         Instant finishedAt, Duration duration, long queries, long jobOperations,
                         List<String> pausedBy) {
}
