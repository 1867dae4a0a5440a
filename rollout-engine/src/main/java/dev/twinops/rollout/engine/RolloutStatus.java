package dev.twinops.rollout.engine;

import dev.twinops.rollout.plan.WaveSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * An immutable picture of a rollout for views and status lines, including what progress costs: the queries of the
 * last round, the total, and the budget the engine keeps to.
 *
 * @param queryBudgetPerMinute 0 when unlimited
 * @param lastError            the last hub call that failed (the engine retries), or null
 */
public record RolloutStatus(String rolloutId, String name, String operation, Phase phase, String reason,
                            PauseCause pauseCause, int currentWave, List<WaveStatus> waves, long targetTotal,
                            String activeJobId, long queriesTotal, int queriesLastRound, int queryBudgetPerMinute,
                            Instant nextRoundAt, String lastError, Instant updatedAt) {

    /**
     * The status of a saved state that no engine here runs (e.g. one another process runs), for views that show
     * its progress read-only: no pacing or error of a running engine in it.
     */
    public static RolloutStatus of(RolloutState saved) {
        return of(saved, 0, 0, null, null);
    }

    static RolloutStatus of(RolloutState state, int queriesLastRound, int budget, Instant nextRoundAt,
                            String lastError) {
        List<WaveStatus> waves = new ArrayList<>();
        for (WaveState w : state.waves) {
            WaveSpec spec = state.plan.waves().get(w.index);
            waves.add(new WaveStatus(w.index, w.name, spec.describeSelection(), w.step, w.counts(),
                    spec.successThreshold(), spec.failureThreshold().describe(), w.deadlineAt, w.soakUntil,
                    spec.needsApproval(), new LinkedHashMap<>(w.reportedStatusCounts), w.result));
        }
        ActiveJob job = state.activeJob;
        return new RolloutStatus(state.rolloutId, state.plan.name(), state.plan.operation().describe(), state.phase,
                state.reason, state.pauseCause, state.currentWave, List.copyOf(waves), state.targetTotal,
                job == null ? null : job.jobId(), state.queriesTotal, queriesLastRound, budget, nextRoundAt, lastError,
                state.updatedAt);
    }

    public WaveStatus current() {
        return currentWave < waves.size() ? waves.get(currentWave) : null;
    }

    /** One line: {@code r1 RUNNING wave 2/3 early: 15 devices, 10 succeeded, ... ; queries 2 last round, 40 total}. */
    public String line() {
        StringBuilder s = new StringBuilder(rolloutId).append(' ').append(phase);
        WaveStatus w = current();
        if (w != null && !phase.isTerminal() || (w != null && phase == Phase.ABORTED)) {
            WaveCounts c = w.counts();
            s.append(String.format(Locale.ROOT, " wave %d/%d %s: %d devices, %d succeeded, %d failed, %d skipped, "
                            + "%d offline, %d stuck, %d in flight, %d waiting", w.index() + 1, waves.size(), w.name(),
                    c.total(), c.succeeded(), c.failed(), c.skipped(), c.offline(), c.stuck(), c.inFlight(),
                    c.waiting()));
            if (c.offlineAtStart() > 0) {
                s.append(" (").append(c.offlineAtStart()).append(" offline at the start)");
            }
        }
        if (reason != null) {
            s.append(" (").append(reason).append(')');
        }
        s.append(String.format(Locale.ROOT, "; queries %d last round, %d total", queriesLastRound, queriesTotal));
        if (queryBudgetPerMinute > 0) {
            s.append(", budget ").append(queryBudgetPerMinute).append("/min");
        }
        return s.toString();
    }
}
