package dev.twinops.rollout.engine;

/** One device's part in its wave. */
public enum DeviceState {
    /** In the wave, its method not sent yet. */
    WAITING,
    /** Already at the target version when the wave started: nothing to do, counted as such. */
    SKIPPED,
    /** Its method job was scheduled; nothing reported for this request yet. */
    DISPATCHED,
    /** Reports the operation under way. */
    IN_PROGRESS,
    SUCCEEDED,
    FAILED,
    /** The hub could not reach it (not connected when the job came to it). */
    OFFLINE,
    /** Still not finished at the wave's deadline. */
    STUCK;

    /** Still to be heard from. */
    public boolean isInFlight() {
        return this == DISPATCHED || this == IN_PROGRESS;
    }

    /** Will change no more in this wave unless retried. */
    public boolean isSettled() {
        return this == SKIPPED || this == SUCCEEDED || this == FAILED || this == OFFLINE || this == STUCK;
    }

    /** May be sent the operation again by "retry failed". */
    public boolean isRetryable() {
        return this == FAILED || this == OFFLINE || this == STUCK;
    }
}
