package dev.twinops.rollout.engine;

/** Told about a rollout on the engine's thread; must not block (hand off to a UI thread or a queue). */
public interface RolloutListener {

    /** A transition (phase, wave step, a job scheduled or finished): {@code message} says what happened. */
    void onTransition(RolloutStatus status, String message);

    /** Progress without a transition (devices moved on). */
    default void onProgress(RolloutStatus status) {
    }
}
