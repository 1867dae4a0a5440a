package dev.twinops.hub.jobs;

import java.util.Optional;

/**
 * Status of a job and of each device's part in it, with the wire names the service SDK's {@code ScheduledJobStatus}
 * knows. A job is {@code scheduled} until its start time, {@code queued} until the hub starts it, then
 * {@code running}; it ends {@code completed} (every device had its turn, whatever each outcome), {@code failed}
 * (it ran out of its maximum execution time) or {@code cancelled}. A device is {@code queued} until its turn,
 * {@code running} while its method call or twin update is under way, then {@code completed}, {@code failed} or
 * {@code cancelled} (the job was cancelled before its turn).
 */
public enum JobStatus {
    QUEUED("queued"),
    SCHEDULED("scheduled"),
    RUNNING("running"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String wireName;

    JobStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public static Optional<JobStatus> fromWireName(String name) {
        for (JobStatus status : values()) {
            if (status.wireName.equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
