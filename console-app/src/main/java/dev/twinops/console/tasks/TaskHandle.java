package dev.twinops.console.tasks;

/** A started {@link BackgroundTask}: cancelling it drops its outcome (a call under way finishes, unheard). */
public final class TaskHandle {

    private volatile boolean cancelled;

    /** The task does not start if it has not yet, and its outcome is not applied. Any thread. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
