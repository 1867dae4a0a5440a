package dev.twinops.rollout.report;

import java.util.Map;

/** One wave: its totals, its failures by error code, its time per phase. */
public record WaveReport(int wave, String name, String selection, String step, String result, Totals totals,
                         Map<String, Long> failuresByCode, Map<String, PhaseStats> phaseTimes) {
}
