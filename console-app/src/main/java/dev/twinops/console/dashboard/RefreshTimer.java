package dev.twinops.console.dashboard;

import java.time.Duration;

/** Runs the dashboard's next refresh later (the console's timer; tests record the delays). */
@FunctionalInterface
public interface RefreshTimer {

    /** Runs {@code action} once after {@code delay}, on any thread. */
    void after(Duration delay, Runnable action);
}
