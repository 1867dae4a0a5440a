package dev.twinops.console.rollouts;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.rollout.audit.AuditJournal;
import dev.twinops.rollout.engine.DeviceRecord;
import dev.twinops.rollout.engine.EngineSettings;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.engine.RolloutEngine;
import dev.twinops.rollout.engine.RolloutListener;
import dev.twinops.rollout.engine.RolloutRunner;
import dev.twinops.rollout.engine.RolloutState;
import dev.twinops.rollout.engine.RolloutStatus;
import dev.twinops.rollout.engine.WaveState;
import dev.twinops.rollout.hub.RolloutHub;
import dev.twinops.rollout.plan.FailureThreshold;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.report.RolloutReport;
import dev.twinops.rollout.store.FileRolloutStore;

/**
 * Runs the rollouts of the hub the console uses: the saved ones of that hub are loaded from the store when the
 * hub connects (and carried on where they stopped), new ones are created here, and every engine is ticked on one
 * background scheduler, never the FX thread. What a view needs is published as immutable {@link Entry}s after
 * each change, and {@code changed} is told (from the scheduler's thread: the view model coalesces).
 */
public final class RolloutSupervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutSupervisor.class);

    /**
     * One rollout as the view shows it.
     *
     * @param failuresByCode failed, offline and stuck devices by error code (all waves)
     * @param eta            when the rollout should end at the current pace, or null when unknown
     * @param running        true while this console ticks it (waves advance only then)
     * @param failureThresholds each wave's failure threshold, in wave order
     */
    public record Entry(RolloutStatus status, Map<String, Long> failuresByCode, Instant eta, boolean running,
                        List<FailureThreshold> failureThresholds) {
        public String id() {
            return status.rolloutId();
        }
    }

    /** {@code runner} is null for a rollout that had ended when it was loaded. */
    private record Running(RolloutEngine engine, RolloutRunner runner) {
        void stop() {
            if (runner != null) {
                runner.close();
            }
        }

        boolean ticking() {
            return runner != null && runner.isRunning();
        }
    }

    private final FileRolloutStore store;
    private final AuditJournal journal;
    private final ScheduledExecutorService ticker;
    private final Clock clock;
    private final Duration tickInterval;
    private final Supplier<EngineSettings> settings;
    private final Runnable changed;
    private final Map<String, Running> engines = new ConcurrentHashMap<>();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile RolloutHub hub;
    private volatile String problem = "";

    /**
     * @param settings the engine settings for the hub's tier (query budget, round interval) when an engine starts
     * @param changed  told, from the scheduler's thread, whenever {@link #entries()} changed
     */
    public RolloutSupervisor(FileRolloutStore store, AuditJournal journal, ScheduledExecutorService ticker,
                             Clock clock, Duration tickInterval, Supplier<EngineSettings> settings,
                             Runnable changed) {
        this.store = Objects.requireNonNull(store);
        this.journal = Objects.requireNonNull(journal);
        this.ticker = Objects.requireNonNull(ticker);
        this.clock = Objects.requireNonNull(clock);
        this.tickInterval = Objects.requireNonNull(tickInterval);
        this.settings = Objects.requireNonNull(settings);
        this.changed = Objects.requireNonNull(changed);
    }

    /**
     * Works on {@code newHub} from now on (null: none): the previous hub's engines stop ticking (their state is
     * saved), and the saved rollouts of the new hub are loaded and carried on. Returns at once.
     */
    public CompletableFuture<Void> useHub(RolloutHub newHub) {
        return CompletableFuture.runAsync(() -> {
            engines.values().forEach(Running::stop);
            engines.clear();
            entries.clear();
            hub = newHub;
            problem = "";
            if (newHub != null) {
                restore(newHub);
            }
            changed.run();
        }, ticker);
    }

    /** Creates a rollout from {@code plan} on the current hub and starts it; completes with its id. */
    public CompletableFuture<String> create(RolloutPlan plan) {
        return CompletableFuture.supplyAsync(() -> {
            RolloutHub current = hub;
            if (current == null) {
                throw new IllegalStateException("Not connected to a hub.");
            }
            try {
                RolloutEngine engine = RolloutEngine.create(plan, current, store, journal, clock, settings.get());
                engine.start();
                run(engine);
                return engine.rolloutId();
            } catch (IOException e) {
                throw new IllegalStateException("The rollout could not be saved: " + e.getMessage(), e);
            }
        }, ticker);
    }

    /** The rollouts of the current hub, newest first. Safe from any thread. */
    public List<Entry> entries() {
        List<Entry> list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparing((Entry e) -> e.status().updatedAt() == null ? Instant.MIN
                : e.status().updatedAt()).reversed());
        return list;
    }

    /** The engine of a rollout of the current hub, or null. Its commands only queue: safe from any thread. */
    public RolloutEngine engine(String rolloutId) {
        Running r = engines.get(rolloutId);
        return r == null ? null : r.engine();
    }

    /** Saved rollouts that could not be read; "" when none. */
    public String problem() {
        return problem;
    }

    private void restore(RolloutHub current) {
        List<String> unreadable = new ArrayList<>();
        List<String> ids;
        try {
            ids = store.list();
        } catch (IOException e) {
            problem = "The saved rollouts in " + store.directory() + " could not be listed: " + e.getMessage();
            return;
        }
        for (String id : ids) {
            try {
                RolloutState saved = store.load(id).orElse(null);
                if (saved == null || !current.hostName().equals(saved.hubHostName)) {
                    continue; // another hub's rollout
                }
                RolloutEngine engine = RolloutEngine.resume(saved, current, store, journal, clock, settings.get());
                if (saved.phase == Phase.PLANNED) {
                    engine.start(); // created here, stopped before its start was carried out
                }
                run(engine);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Saved rollout {} could not be loaded: {}", id, e.toString());
                unreadable.add(id);
            }
        }
        if (!unreadable.isEmpty()) {
            problem = "Saved rollouts that could not be read: " + String.join(", ", unreadable) + " (in "
                    + store.directory() + ").";
        }
    }

    /** Publishes the engine and ticks it unless it has ended. */
    private void run(RolloutEngine engine) {
        RolloutRunner runner = engine.isFinished() ? null : RolloutRunner.start(engine, ticker, tickInterval);
        engines.put(engine.rolloutId(), new Running(engine, runner));
        engine.addListener(new RolloutListener() {
            @Override
            public void onTransition(RolloutStatus status, String message) {
                publish(engine, status);
            }

            @Override
            public void onProgress(RolloutStatus status) {
                publish(engine, status);
            }
        });
        publish(engine, engine.status());
    }

    private void publish(RolloutEngine engine, RolloutStatus status) {
        Running r = engines.get(engine.rolloutId());
        if (r == null || r.engine() != engine) {
            return; // a previous hub's engine
        }
        // on the ticker thread (listeners run inside the engine's tick), so the copy never waits for a tick
        RolloutState state = engine.snapshot();
        boolean running = r.runner() != null && !status.phase().isTerminal();
        entries.put(engine.rolloutId(), new Entry(status, RolloutReport.of(state).failuresByCode(),
                estimateEnd(state, clock.instant()), running,
                state.plan.waves().stream().map(w -> w.failureThreshold()).toList()));
        changed.run();
    }

    /**
     * When the rollout should end at the pace of the current wave (devices settled per second since its methods
     * went out), or null when there is no pace yet. Soak times and approvals still to come are not in it.
     */
    static Instant estimateEnd(RolloutState state, Instant now) {
        WaveState w = state.wave();
        if (w == null || state.phase.isTerminal() || state.targetTotal <= 0 || w.dispatchStartedAt == null) {
            return null;
        }
        long settledHere = w.devices.values().stream().filter(d -> d.state.isSettled()).count();
        long settled = 0;
        for (WaveState wave : state.waves) {
            for (DeviceRecord d : wave.devices.values()) {
                if (d.state.isSettled()) {
                    settled++;
                }
            }
        }
        double seconds = Duration.between(w.dispatchStartedAt, now).toMillis() / 1000.0;
        if (settledHere == 0 || seconds <= 0) {
            return null;
        }
        double perSecond = settledHere / seconds;
        long remaining = Math.max(0, state.targetTotal - settled);
        return now.plusMillis((long) (remaining / perSecond * 1000));
    }

    /** Stops every engine's ticking (their states are saved); the scheduler belongs to the caller. */
    @Override
    public void close() {
        engines.values().forEach(Running::stop);
    }
}
