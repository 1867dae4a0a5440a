package dev.twinops.rollout.engine;

/** How far the engine got with a wave. */
public enum WaveStep {
    PENDING,
    /** Choosing the devices (count, percentage, or a condition wave with a rate). */
    RESOLVING,
    /** Twin-update jobs write {@code tags.rollout} on the chosen devices. */
    TAGGING,
    /** Reading back who is tagged, their connection state and version. */
    READING_MEMBERS,
    /** Method jobs go out (in batches with a rate) and devices are followed. */
    RUNNING,
    /** Every device settled or the deadline passed; the result is decided. */
    DONE
}
