package dev.twinops.console.fx;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a drain task on the UI executor at most once per interval, with never more than one run queued,
 * however often {@link #request()} is called and from whichever threads. Requests made while a run is in
 * progress lead to one more run, so nothing offered is left behind.
 */
public final class ThrottledUiRunner {

    private final Executor ui;
    private final ScheduledExecutorService timer;
    private final long minIntervalNanos;
    private final Runnable drain;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile long lastRunNanos = System.nanoTime() - Long.MAX_VALUE / 2;

    /**
     * @param ui          {@code Platform::runLater} in the application, {@code Runnable::run} in tests
     * @param minInterval e.g. 100 ms for at most ten UI updates a second; zero runs at once
     */
    public ThrottledUiRunner(Executor ui, ScheduledExecutorService timer, Duration minInterval, Runnable drain) {
        this.ui = ui;
        this.timer = timer;
        this.minIntervalNanos = minInterval.toNanos();
        this.drain = drain;
    }

    /** Asks for a drain soon. Cheap; safe from any thread. */
    public void request() {
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        long wait = minIntervalNanos - (System.nanoTime() - lastRunNanos);
        if (wait <= 0) {
            ui.execute(this::run);
        } else {
            timer.schedule(() -> ui.execute(this::run), wait, TimeUnit.NANOSECONDS);
        }
    }

    private void run() {
        lastRunNanos = System.nanoTime();
        // Cleared before draining: anything offered from now on asks for another run.
        queued.set(false);
        drain.run();
    }
}
