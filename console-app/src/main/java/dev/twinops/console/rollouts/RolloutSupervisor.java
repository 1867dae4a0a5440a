package dev.twinops.console.rollouts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.rollout.audit.AuditJournal;
import dev.twinops.rollout.engine.EngineSettings;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.engine.RolloutEngine;
import dev.twinops.rollout.engine.RolloutListener;
import dev.twinops.rollout.engine.RolloutRunner;
import dev.twinops.rollout.engine.RolloutState;
import dev.twinops.rollout.engine.RolloutStatus;
import dev.twinops.rollout.hub.HubHost;
import dev.twinops.rollout.hub.RolloutHub;
import dev.twinops.rollout.plan.FailureThreshold;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.report.RolloutReport;
import dev.twinops.rollout.store.FileRolloutStore;
import dev.twinops.rollout.store.RolloutLease;
import dev.twinops.rollout.store.RolloutLeasedException;

/**
 * Runs the rollouts of the hub the console uses: the saved ones of that hub (matched by host name, so those the
 * {@code rollout-engine.jar} command saved in the same home show too) are loaded from the store when the hub
 * connects and carried on where they stopped, new ones are created here, and every engine is ticked on one
 * background scheduler, never the FX thread. A rollout is run only under its lease in the store: one that another
 * process runs is shown read-only from its saved state, re-read as it changes, and carried on here once that
 * process lets it go. The store is looked at again every {@code scanInterval} for rollouts saved meanwhile. What a
 * view needs is published as immutable {@link Entry}s after each change, and {@code changed} is told (from the
 * scheduler's thread: the view model coalesces).
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
     * @param runElsewhere   who runs it when another process holds its lease ("another process (pid 4242,
     *                       rollout-engine.jar run)"): the entry is then its saved state, read-only; else null
     */
    public record Entry(RolloutStatus status, Map<String, Long> failuresByCode, Instant eta, boolean running,
                        List<FailureThreshold> failureThresholds, String runElsewhere) {
        public String id() {
            return status.rolloutId();
        }
    }

    /** How the console names itself in a rollout's lease (what the command line is told holds it). */
    static final String HOLDER = "the TwinOps console";

    /** A rollout another process runs: its last saved state, when that was written, and who holds it. */
    private record Elsewhere(RolloutState state, FileTime modified, String who) {
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
    private final Duration scanInterval;
    private final Supplier<EngineSettings> settings;
    private final Runnable changed;
    private final Map<String, Running> engines = new ConcurrentHashMap<>();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Elsewhere> elsewhere = new ConcurrentHashMap<>();
    /** Other hubs' rollouts, with the time of the file found so: not read again until it changes. */
    private final Map<String, FileTime> otherHubs = new ConcurrentHashMap<>();
    private volatile RolloutHub hub;
    private volatile String problem = "";
    private volatile ScheduledFuture<?> scanning;
    private List<String> unreadableBefore = List.of();

    /**
     * @param scanInterval how often the store is looked at for rollouts saved by others, and leases let go
     * @param settings     the engine settings for the hub's tier (query budget, round interval) when an engine starts
     * @param changed      told, from the scheduler's thread, whenever {@link #entries()} changed
     */
    public RolloutSupervisor(FileRolloutStore store, AuditJournal journal, ScheduledExecutorService ticker,
                             Clock clock, Duration tickInterval, Duration scanInterval,
                             Supplier<EngineSettings> settings, Runnable changed) {
        this.store = Objects.requireNonNull(store);
        this.journal = Objects.requireNonNull(journal);
        this.ticker = Objects.requireNonNull(ticker);
        this.clock = Objects.requireNonNull(clock);
        this.tickInterval = Objects.requireNonNull(tickInterval);
        this.scanInterval = Objects.requireNonNull(scanInterval);
        this.settings = Objects.requireNonNull(settings);
        this.changed = Objects.requireNonNull(changed);
    }

    /**
     * Works on {@code newHub} from now on (null: none): the previous hub's engines stop ticking (their state is
     * saved, their leases let go), and the saved rollouts of the new hub are loaded and carried on, or shown
     * read-only while another process runs them. Returns at once.
     */
    public CompletableFuture<Void> useHub(RolloutHub newHub) {
        return CompletableFuture.runAsync(() -> {
            stopAll();
            entries.clear();
            hub = newHub;
            problem = "";
            if (newHub != null) {
                scan(newHub);
                scanning = ticker.scheduleWithFixedDelay(this::scanCurrentHub, scanInterval.toMillis(),
                        scanInterval.toMillis(), TimeUnit.MILLISECONDS);
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
            RolloutPlan withId = RolloutEngine.withId(plan, clock);
            RolloutLease lease = null;
            try {
                lease = store.lease(withId.id(), HOLDER);
                RolloutEngine engine = RolloutEngine.create(withId, current, store, journal, clock, settings.get());
                engine.start();
                run(engine, lease);
                return engine.rolloutId();
            } catch (IOException e) {
                closeQuietly(lease);
                throw new IllegalStateException("The rollout could not be saved: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                closeQuietly(lease);
                throw e;
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

    /**
     * A copy of a rollout's state for its report: the engine's, or the last saved state of one another process
     * runs; empty when the rollout is not one of this hub's. Waits for a tick under way; not on the FX thread.
     */
    public Optional<RolloutState> state(String rolloutId) {
        Running r = engines.get(rolloutId);
        if (r != null) {
            return Optional.of(r.engine().snapshot());
        }
        Entry e = entries.get(rolloutId);
        if (e == null || e.runElsewhere() == null) {
            return Optional.empty();
        }
        try {
            return store.load(rolloutId);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Saved rollouts that could not be read; "" when none. */
    public String problem() {
        return problem;
    }

    private void scanCurrentHub() {
        RolloutHub current = hub;
        if (current != null) {
            try {
                scan(current);
            } catch (RuntimeException e) {
                LOG.warn("Looking at the saved rollouts failed: {}", e.toString());
            }
        }
    }

    /**
     * Looks at every saved rollout this console does not run: another hub's is left alone; an ended one is listed;
     * one whose lease is free is carried on here; one another process runs is shown read-only (re-read when its
     * file changes). On the scheduler's thread.
     */
    private void scan(RolloutHub current) {
        List<String> ids;
        try {
            ids = store.list();
        } catch (IOException e) {
            problem = "The saved rollouts in " + store.directory() + " could not be listed: " + e.getMessage();
            return;
        }
        List<String> unreadable = new ArrayList<>();
        boolean anyChange = false;
        for (String id : ids) {
            if (engines.containsKey(id)) {
                continue; // run here, or ended here
            }
            try {
                anyChange |= look(current, id);
            } catch (IOException | RuntimeException e) {
                if (!unreadableBefore.contains(id)) { // once, not at every scan
                    LOG.warn("Saved rollout {} could not be loaded: {}", id, e.toString());
                }
                unreadable.add(id);
            }
        }
        for (String gone : List.copyOf(elsewhere.keySet())) {
            if (!ids.contains(gone)) {
                elsewhere.remove(gone);
                entries.remove(gone);
                anyChange = true;
            }
        }
        unreadableBefore = List.copyOf(unreadable);
        problem = unreadable.isEmpty() ? "" : "Saved rollouts that could not be read: " + String.join(", ",
                unreadable) + " (in " + store.directory() + ").";
        if (anyChange) {
            changed.run();
        }
    }

    /** One saved rollout this console does not run; true if what the view shows of it changed. */
    private boolean look(RolloutHub current, String id) throws IOException {
        Elsewhere known = elsewhere.get(id);
        Path file = store.fileOf(id);
        FileTime modified = Files.getLastModifiedTime(file);
        if (modified.equals(otherHubs.get(id))) {
            return false;
        }
        RolloutState saved = known != null && known.modified().equals(modified) ? known.state()
                : store.load(id).orElse(null);
        if (saved == null || !HubHost.same(saved.hubHostName, current.hostName())) {
            otherHubs.put(id, modified);
            return false;
        }
        if (saved.phase.isTerminal()) {
            elsewhere.remove(id);
            run(RolloutEngine.resume(saved, current, store, journal, clock, settings.get()), null);
            return false; // published by run
        }
        RolloutLease lease;
        try {
            lease = store.lease(id, HOLDER);
        } catch (RolloutLeasedException e) {
            String who = describe(e);
            if (known != null && known.modified().equals(modified) && known.who().equals(who)) {
                return false;
            }
            elsewhere.put(id, new Elsewhere(saved, modified, who));
            entries.put(id, entry(saved, RolloutStatus.of(saved), false, who));
            return true;
        }
        try {
            // under the lease: the last state any runner saved
            RolloutState latest = store.load(id).orElseThrow(() -> new IOException("the state file went away"));
            elsewhere.remove(id);
            RolloutEngine engine = RolloutEngine.resume(latest, current, store, journal, clock, settings.get());
            if (latest.phase == Phase.PLANNED) {
                engine.start(); // created, then stopped before its start was carried out
            }
            if (known != null) {
                LOG.info("Rollout {} is no longer run elsewhere: this console carries it on", id);
            }
            run(engine, engine.isFinished() ? null : lease);
            if (engine.isFinished()) {
                lease.close();
            }
            return false; // published by run
        } catch (IOException | RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    private static String describe(RolloutLeasedException e) {
        String holder = e.holder() == null ? "" : e.holder();
        String pid = e.pid() < 0 ? "" : "pid " + e.pid();
        String detail = pid.isEmpty() || holder.isEmpty() ? pid + holder : pid + ", " + holder;
        return (e.sameProcess() ? "another runner in this process" : "another process")
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    /** Publishes the engine and ticks it under {@code lease} unless it has ended ({@code lease} null then). */
    private void run(RolloutEngine engine, RolloutLease lease) {
        RolloutRunner runner = lease == null ? null : RolloutRunner.start(engine, lease, ticker, tickInterval);
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
        boolean running = r.runner() != null && !status.phase().isTerminal();
        entries.put(engine.rolloutId(), entry(engine.snapshot(), status, running, null));
        changed.run();
    }

    private Entry entry(RolloutState state, RolloutStatus status, boolean running, String runElsewhere) {
        return new Entry(status, RolloutReport.of(state).failuresByCode(), RolloutEta.estimateEnd(state, clock.instant()),
                running, state.plan.waves().stream().map(w -> w.failureThreshold()).toList(), runElsewhere);
    }

    /** Stops every engine's ticking and looking at the store (states saved, leases let go); returns at once. */
    @Override
    public void close() {
        stopAll();
    }

    private void stopAll() {
        if (scanning != null) {
            scanning.cancel(false);
        }
        engines.values().forEach(Running::stop);
        engines.clear();
        elsewhere.clear();
        otherHubs.clear();
    }

    private static void closeQuietly(RolloutLease lease) {
        if (lease != null) {
            lease.close();
        }
    }
}
