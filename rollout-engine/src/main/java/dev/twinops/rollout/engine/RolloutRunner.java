package dev.twinops.rollout.engine;

import dev.twinops.rollout.store.RolloutLease;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticks an engine on a scheduled executor until it ends or is stopped, holding the rollout's lease meanwhile. The
 * lease is given up when the runner stops (the rollout ended, or {@link #close()}), never while a tick is under
 * way: the next runner must find the state this one saved last.
 */
public final class RolloutRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutRunner.class);

    private final RolloutEngine engine;
    private final RolloutLease lease;
    private final ScheduledFuture<?> ticking;
    private final Object gate = new Object();
    private boolean inTick;
    private boolean stopped;

    private RolloutRunner(RolloutEngine engine, RolloutLease lease, ScheduledExecutorService executor,
                          Duration interval) {
        this.engine = engine;
        this.lease = lease;
        this.ticking = executor.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Ticks {@code engine} every {@code interval} on {@code executor} (one thread is enough for many engines).
     *
     * @param lease the rollout's lease ({@link dev.twinops.rollout.store.RolloutStore#lease}), taken before the
     *              engine was made from the saved state; released when the runner stops
     */
    public static RolloutRunner start(RolloutEngine engine, RolloutLease lease, ScheduledExecutorService executor,
                                      Duration interval) {
        return new RolloutRunner(engine, Objects.requireNonNull(lease, "lease"), executor, interval);
    }

    private void tick() {
        synchronized (gate) {
            if (stopped) {
                return;
            }
            inTick = true;
        }
        try {
            engine.tick();
            if (engine.isFinished()) {
                engine.tick(); // carries out pending cancellations of an abort
                stop();
            }
        } catch (RuntimeException e) {
            LOG.error("Rollout {}: a tick failed", engine.rolloutId(), e);
        } finally {
            synchronized (gate) {
                inTick = false;
                if (stopped) {
                    lease.close();
                }
            }
        }
    }

    private void stop() {
        ticking.cancel(false);
        synchronized (gate) {
            stopped = true;
            if (!inTick) {
                lease.close();
            }
        }
    }

    /** False once stopped and no tick is under way any more (the lease is given up then). */
    public boolean isRunning() {
        synchronized (gate) {
            return !stopped || inTick;
        }
    }

    /** Stops ticking; the lease goes when a tick under way ends. Returns at once. */
    @Override
    public void close() {
        stop();
    }
}
