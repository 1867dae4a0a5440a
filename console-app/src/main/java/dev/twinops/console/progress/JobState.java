package dev.twinops.console.progress;

/** A job's own status and statistics, as {@code ScheduledJobsClient.get} returns them. */
public record JobState(String jobId, String status, int deviceCount, int succeeded, int failed, int running,
                       int pending, String failureReason) {

    public boolean isFinished() {
        return status.equals("completed") || status.equals("failed") || status.equals("cancelled");
    }

    /** "job fw-…: running, 12 of 20 devices done". */
    public String describe() {
        String text = "job " + jobId + ": " + status;
        if (deviceCount > 0) {
            text += ", " + (succeeded + failed) + " of " + deviceCount + " devices called";
        }
        if (failureReason != null && !failureReason.isBlank()) {
            text += " (" + failureReason + ")";
        }
        return text;
    }
}
