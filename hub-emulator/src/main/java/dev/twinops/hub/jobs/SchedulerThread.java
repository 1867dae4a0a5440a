package dev.twinops.hub.jobs;

import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one thread that owns every job's mutable state. Work is handed to it to run now, later or periodically; a
 * task that throws is logged and never stops the thread; once stopping, new work is refused and timers are dropped.
 */
final class SchedulerThread {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerThread.class);

    private final ScheduledThreadPoolExecutor executor;

    SchedulerThread() {
        executor = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("hub-jobs", true));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /** Runs work on the thread; the future fails with SERVER_BUSY once the hub is stopping. */
    <T> CompletableFuture<T> call(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new HubException(HubError.SERVER_BUSY, "The hub is stopping."));
        }
    }

    /** Queues work for the thread; dropped once it is stopping (what the work would record is left to the restart). */
    void execute(Runnable work) {
        try {
            executor.execute(() -> guarded(work));
        } catch (RejectedExecutionException e) {
            LOG.debug("Job scheduler stopped; an operation's outcome is left to the restart");
        }
    }

    ScheduledFuture<?> schedule(Runnable work, long delayMillis) {
        return executor.schedule(() -> guarded(work), delayMillis, TimeUnit.MILLISECONDS);
    }

    void scheduleHourly(Runnable work) {
        executor.scheduleWithFixedDelay(() -> guarded(work), 1, 1, TimeUnit.HOURS);
    }

    /** For continuations that must run on the thread ({@code handleAsync(..., asExecutor())}). */
    Executor asExecutor() {
        return executor;
    }

    /** Finishes the work already queued (not timers), waiting up to 10 s. */
    void stop() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The job scheduler did not stop within 10 s");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    void stopNow() {
        executor.shutdownNow();
    }

    /** Keeps the thread alive whatever a task throws. */
    private static void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.error("Job scheduler task failed", e);
        }
    }
}
