package dev.twinops.rollout.engine;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ticks an engine on a scheduled executor until it ends or is stopped. */
public final class RolloutRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutRunner.class);

    private final RolloutEngine engine;
    private final ScheduledFuture<?> ticking;

    private RolloutRunner(RolloutEngine engine, ScheduledExecutorService executor, Duration interval) {
        this.engine = engine;
        this.ticking = executor.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ticks {@code engine} every {@code interval} on {@code executor} (one thread is enough for many engines). */
    public static RolloutRunner start(RolloutEngine engine, ScheduledExecutorService executor, Duration interval) {
        return new RolloutRunner(engine, executor, interval);
    }

    private void tick() {
        try {
            engine.tick();
            if (engine.isFinished()) {
                engine.tick(); // carries out pending cancellations of an abort
                ticking.cancel(false);
            }
        } catch (RuntimeException e) {
            LOG.error("Rollout {}: a tick failed", engine.rolloutId(), e);
        }
    }

    public boolean isRunning() {
        return !ticking.isDone();
    }

    /** Stops ticking; the saved state lets another engine carry on later. */
    @Override
    public void close() {
        ticking.cancel(false);
    }
}
