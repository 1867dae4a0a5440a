package dev.twinops.console.progress;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One operation at one moment, for its progress panel entry.
 *
 * @param phases    devices per reported phase, in the order the phases were first seen ("downloading" → 4)
 * @param overall   0..1, settled devices counting as done
 * @param failures  failed and stuck devices with their reasons, in target order
 * @param jobStatus the job's own status line, "" for a direct call
 * @param message   what the operator should know first (a direct call's answer, a refused job), "" if nothing
 * @param finished  every device succeeded, failed or is stuck
 */
public record OperationSummary(String operationId, String title, String targets, String jobId, Instant requestedAt,
                               Instant deadline, int total, int waiting, int inProgress, int succeeded, int failed,
                               int stuck, Map<String, Integer> phases, double overall, List<FailedDevice> failures,
                               String jobStatus, String message, boolean finished) {

    public int inFlight() {
        return waiting + inProgress;
    }
}
