package dev.twinops.rollout.hub;

/** A job's status as the hub reports it. */
public record JobProgress(String jobId, Status status, String failureReason) {

    public enum Status {
        SCHEDULED, QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED, UNKNOWN;

        public boolean isFinished() {
            return this == COMPLETED || this == FAILED || this == CANCELLED;
        }
    }
}
