package dev.twinops.rollout.engine;

/** Where a rollout stands. */
public enum Phase {
    /** Created, not started. */
    PLANNED,
    /** Choosing the current wave's devices and tagging them in the hub. */
    ASSIGNING,
    /** The current wave's method jobs go out and its devices are followed. */
    RUNNING,
    /** The current wave succeeded; waiting its soak time before the next. */
    SOAKING,
    /** The next wave waits for an operator's approval. */
    AWAITING_APPROVAL,
    /** Stopped by an operator or a threshold; nothing new starts until resumed. */
    PAUSED,
    ABORTED,
    COMPLETED;

    public boolean isTerminal() {
        return this == ABORTED || this == COMPLETED;
    }
}
