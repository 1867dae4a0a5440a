package dev.twinops.console.jobs;

import java.time.Instant;

/**
 * A job as the jobs list shows it.
 *
 * @param type       scheduleDeviceMethod or scheduleUpdateTwin
 * @param operation  the method name for a method job, "twin update" otherwise
 */
public record JobInfo(String jobId, String type, String status, String operation, String queryCondition,
                      Instant created, Instant started, Instant ended, int deviceCount, int succeeded, int failed,
                      int running, int pending, String failureReason) {

    /** Still able to change: cancel makes sense. */
    public boolean isActive() {
        return switch (status) {
            case "queued", "scheduled", "running", "enqueued" -> true;
            default -> false;
        };
    }
}
