package dev.twinops.rollout.engine;

/** Why a rollout is paused, which decides what resuming means. */
public enum PauseCause {
    /** An operator paused it: resuming carries on. */
    OPERATOR,
    /** The wave's failure threshold was reached: resuming overrides it for this wave. */
    FAILURE_THRESHOLD,
    /** The wave missed its success threshold by its deadline: resuming starts the next wave anyway. */
    SUCCESS_THRESHOLD,
    /** The hub refused or failed a job the rollout needs: resuming tries again. */
    HUB_ERROR
}
