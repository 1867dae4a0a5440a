package dev.twinops.rollout.engine;

import java.time.Instant;
import java.util.Map;

/** One wave as a view shows it. */
public record WaveStatus(int index, String name, String selection, WaveStep step, WaveCounts counts,
                         double successThreshold, String failureThreshold, Instant deadlineAt, Instant soakUntil,
                         boolean approvalGate, Map<String, Long> reportedStatusCounts, String result) {
}
