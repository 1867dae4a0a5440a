package dev.twinops.rollout.plan;

/** What a wave's failure threshold does when it is reached. */
public enum FailureAction {
    /** Stop starting devices; the operator may retry the failed ones, resume or abort. */
    PAUSE,
    /** Cancel the rollout's jobs under way and end it. */
    ABORT
}
