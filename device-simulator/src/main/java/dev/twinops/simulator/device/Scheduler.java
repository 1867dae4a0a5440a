package dev.twinops.simulator.device;

import java.time.Duration;
import java.time.Instant;

/**
 * Time as the simulated devices see it: the current instant and delayed tasks. Production runs on a shared
 * {@link ExecutorScheduler}; unit tests drive a virtual clock, so state machines are tested without waiting.
 */
public interface Scheduler {

    Instant now();

    /** Runs {@code task} once after {@code delay}; tasks must not block. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can be called off; cancelling a task that already ran is harmless. */
    interface Cancellable {
        void cancel();

        Cancellable NONE = () -> { };
    }
}
