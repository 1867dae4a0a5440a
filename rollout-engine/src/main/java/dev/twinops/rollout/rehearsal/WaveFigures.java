package dev.twinops.rollout.rehearsal;

import dev.twinops.limits.OperationClass;
import dev.twinops.limits.RateLimit;
import dev.twinops.limits.TierLimits;
import dev.twinops.rollout.report.WaveReport;
import java.time.Duration;
import java.util.List;

/**
 * One wave of one run (the rehearsal's or the live one) as the comparison shows it.
 *
 * @param duration              null if the wave did not start
 * @param queriesPerMinute      the wave's queries over its duration (a wave under a minute counts as one minute,
 *                              since IoT Hub's window is a minute)
 * @param queryBudgetPercent    that rate as a share of the tier's queries a minute; null without a tier
 * @param jobOperationsPerMinute the same for Jobs API calls
 * @param jobBudgetPercent      as a share of the tier's job operations a minute; null without a tier
 * @param pausedBy              what paused or aborted the rollout on this wave
 */
public record WaveFigures(Duration duration, int devices, int succeeded, int failed, int skipped, int offline,
                          int stuck, long queries, long jobOperations, double queriesPerMinute,
                          Double queryBudgetPercent, double jobOperationsPerMinute, Double jobBudgetPercent,
                          List<String> pausedBy) {

    static WaveFigures of(WaveReport w, TierLimits tier) {
        double minutes = w.duration() == null ? 1 : Math.max(1.0, w.duration().toMillis() / 60_000.0);
        double qpm = w.queries() / minutes;
        double jpm = w.jobOperations() / minutes;
        return new WaveFigures(w.duration(), w.totals().devices(), w.totals().succeeded(), w.totals().failed(),
                w.totals().skipped(), w.totals().offline(), w.totals().stuck(), w.queries(), w.jobOperations(),
                round(qpm), share(qpm, tier, OperationClass.QUERIES), round(jpm),
                share(jpm, tier, OperationClass.JOB_OPERATIONS), w.pausedBy() == null ? List.of() : w.pausedBy());
    }

    private static Double share(double perMinute, TierLimits tier, OperationClass operation) {
        if (tier == null) {
            return null;
        }
        RateLimit limit = tier.limit(operation);
        double perMinuteLimit = limit.permits() * (60_000.0 / limit.window().toMillis());
        return round(perMinute * 100 / perMinuteLimit);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
