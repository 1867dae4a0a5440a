package dev.twinops.rollout.store;

/**
 * The right to run one rollout: while a runner (the console, or {@code rollout-engine.jar}) holds it, no other
 * runner can take it, so two engines never drive the same rollout. Closing it lets the next runner in; a process
 * that dies loses it with its open files.
 */
public interface RolloutLease extends AutoCloseable {

    String rolloutId();

    /** Gives the lease up; closing it twice is harmless. */
    @Override
    void close();
}
