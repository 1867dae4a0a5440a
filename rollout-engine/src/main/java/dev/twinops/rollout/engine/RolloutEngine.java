package dev.twinops.rollout.engine;

import dev.twinops.rollout.audit.AuditJournal;
import dev.twinops.rollout.hub.HubCallException;
import dev.twinops.rollout.hub.RolloutHub;
import dev.twinops.rollout.plan.PlanJson;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.store.FileRolloutStore;
import dev.twinops.rollout.store.RolloutStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A staged rollout as a deterministic state machine driven by {@link #tick()} with an injected clock. Each tick
 * applies the operator's commands, follows the job under way, and takes one step of the current phase (assign a
 * wave, send its jobs, a progress round, a threshold decision). The state is saved after every transition, so an
 * engine made by {@link #resume} from a saved state carries on where the last one stopped: the hub keeps the
 * rest (wave tags, jobs, reported state).
 *
 * <p>Commands ({@link #pause()}, {@link #approve()}...) never block: they are queued and carried out by the next
 * tick; their futures say whether they were accepted. Ticks must come from one thread at a time (e.g.
 * {@link RolloutRunner}); listeners are called on it.
 */
public final class RolloutEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(2);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final RolloutState state;
    private final RolloutStore store;
    private final EngineContext ctx;
    private final WaveJobs jobs;
    private final WaveAssigner assigner;
    private final WaveMonitor monitor;
    private final RolloutDecisions decisions;
    private final List<RolloutListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<Pending> commands = new ConcurrentLinkedQueue<>();
    private final List<String> pendingTransitions = new ArrayList<>();
    private volatile RolloutStatus status;
    /** Set once the ended state is saved and its status published: what {@link #isFinished()} answers. */
    private volatile boolean finished;
    private Instant lastSave;
    private Instant hubRetryAt = Instant.MIN;
    private Duration backoff = Duration.ZERO;
    private String lastError;

    private record Pending(String name, Function<Instant, CommandResult> action,
                           CompletableFuture<CommandResult> result) {
    }

    private RolloutEngine(RolloutState state, RolloutHub hub, RolloutStore store, AuditJournal journal, Clock clock,
                          EngineSettings settings) {
        this.state = state;
        this.store = store;
        this.ctx = new EngineContext(state, hub, clock, settings, journal, this::transition);
        this.jobs = new WaveJobs(ctx);
        this.assigner = new WaveAssigner(ctx, jobs);
        this.monitor = new WaveMonitor(ctx, jobs);
        this.decisions = new RolloutDecisions(ctx);
        this.status = buildStatus();
        this.finished = state.phase.isTerminal(); // a saved state that had ended
    }

    /**
     * The plan validated, with its defaults filled in and an id chosen if it has none ({@code r<date>-<time>-<hex>}):
     * what {@link #create} saves. A runner calls it first when it must know the id before the rollout exists (to
     * take the rollout's lease).
     *
     * @throws dev.twinops.rollout.plan.PlanValidationException if the plan cannot run
     */
    public static RolloutPlan withId(RolloutPlan plan, Clock clock) {
        RolloutPlan p = PlanJson.validate(plan);
        return p.id() != null ? p : p.withId("r" + ID_TIME.format(clock.instant()) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)));
    }

    /**
     * A new rollout from a plan (validated, defaults filled in, an id chosen if it has none), saved as PLANNED.
     *
     * @throws dev.twinops.rollout.plan.PlanValidationException if the plan cannot run
     * @throws IllegalStateException                             if a rollout with the plan's id exists
     */
    public static RolloutEngine create(RolloutPlan plan, RolloutHub hub, RolloutStore store, AuditJournal journal,
                                       Clock clock, EngineSettings settings) throws IOException {
        RolloutPlan p = withId(plan, clock);
        if (store.load(p.id()).isPresent()) {
            throw new IllegalStateException("a rollout with id '" + p.id() + "' exists already: give the plan "
                    + "another id, or resume that one");
        }
        RolloutState s = new RolloutState();
        s.rolloutId = p.id();
        s.plan = p;
        s.hubHostName = hub.hostName();
        s.createdAt = clock.instant();
        s.updatedAt = s.createdAt;
        for (int i = 0; i < p.waves().size(); i++) {
            s.waves.add(new WaveState(i, p.waves().get(i)));
        }
        RolloutEngine engine = new RolloutEngine(s, hub, store, journal, clock, settings);
        engine.ctx.audit(engine.ctx.event("rollout.created").targets(List.of(p.targetCondition()))
                .outcome("planned").detail("name", p.name()).detail("operation", p.operation().describe())
                .detail("waves", p.waves().stream().map(w -> w.name() + ": " + w.describeSelection()).toList()));
        engine.transition("rollout " + s.rolloutId + " planned: " + p.operation().describe() + " in "
                + p.waves().size() + " waves");
        engine.flushTransitions(clock.instant());
        return engine;
    }

    /** An engine that carries on with a saved rollout. */
    public static RolloutEngine resume(RolloutState saved, RolloutHub hub, RolloutStore store, AuditJournal journal,
                                       Clock clock, EngineSettings settings) {
        RolloutEngine engine = new RolloutEngine(saved, hub, store, journal, clock, settings);
        LOG.info("Rollout {} loaded: {}", saved.rolloutId, engine.status.line());
        return engine;
    }

    public String rolloutId() {
        return state.rolloutId;
    }

    /** The latest picture; safe from any thread. */
    public RolloutStatus status() {
        return status;
    }

    /**
     * True once the rollout has ended and that end is saved and published: {@link #status()} shows it, with the
     * last wave's final counts, and so does the store. (The state moves to its end in the middle of a tick; this
     * answers only after the tick has saved and published it.)
     */
    public boolean isFinished() {
        return finished;
    }

    public void addListener(RolloutListener listener) {
        listeners.add(listener);
    }

    /** A copy of the full state (for reports and exports); safe from any thread. */
    public synchronized RolloutState snapshot() {
        try {
            return FileRolloutStore.fromJson(FileRolloutStore.toJson(state));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy the rollout state", e);
        }
    }

    // ---- operator commands: queued, carried out by the next tick ----

    public CompletableFuture<CommandResult> start() {
        return submit("start", now -> {
            if (state.phase != Phase.PLANNED) {
                return CommandResult.refused("the rollout has started already (" + state.phase + ")");
            }
            ctx.audit(ctx.event("rollout.started").targets(List.of(state.plan.targetCondition())).outcome("ok"));
            decisions.enterWave();
            return CommandResult.done("started");
        });
    }

    public CompletableFuture<CommandResult> pause() {
        return submit("pause", now -> {
            if (state.phase == Phase.PLANNED || state.phase == Phase.PAUSED || state.phase.isTerminal()) {
                return CommandResult.refused("nothing to pause: the rollout is " + state.phase);
            }
            decisions.pause(PauseCause.OPERATOR, "paused by the operator");
            return CommandResult.done("paused");
        });
    }

    public CompletableFuture<CommandResult> resume() {
        return submit("resume", now -> {
            if (state.phase != Phase.PAUSED) {
                return CommandResult.refused("the rollout is not paused (" + state.phase + ")");
            }
            return decisions.resume();
        });
    }

    public CompletableFuture<CommandResult> abort() {
        return submit("abort", now -> {
            if (state.phase.isTerminal()) {
                return CommandResult.refused("the rollout has ended (" + state.phase + ")");
            }
            decisions.abort("aborted by the operator");
            return CommandResult.done("aborted");
        });
    }

    /** Lets the wave waiting at an approval gate start. */
    public CompletableFuture<CommandResult> approve() {
        return submit("approve", now -> {
            if (state.phase != Phase.AWAITING_APPROVAL) {
                return CommandResult.refused("no wave waits for approval (" + state.phase + ")");
            }
            WaveState w = state.wave();
            ctx.audit(ctx.event("wave.approved").outcome("ok").detail("wave", EngineContext.hubWave(w))
                    .detail("name", w.name));
            state.phase = Phase.ASSIGNING;
            state.reason = null;
            transition("wave " + EngineContext.hubWave(w) + " (" + w.name + ") approved");
            return CommandResult.done("approved wave " + EngineContext.hubWave(w));
        });
    }

    /**
     * Sends the operation again to the current wave's failed, offline and stuck devices (a new attempt, new
     * operation id). A rollout paused by a threshold runs again; one the operator paused stays paused.
     */
    public CompletableFuture<CommandResult> retryFailed() {
        return submit("retry failed", now -> decisions.retryFailed());
    }

    private CompletableFuture<CommandResult> submit(String name, Function<Instant, CommandResult> action) {
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        commands.add(new Pending(name, action, result));
        return result;
    }

    // ---- the tick ----

    /** Applies queued commands and takes the next step; call it periodically (e.g. every 500 ms). */
    public synchronized void tick() {
        Instant now = ctx.clock.instant();
        ctx.queriesThisTick = 0;
        String errorBefore = lastError;
        for (Pending p; (p = commands.poll()) != null; ) {
            CommandResult r = p.action().apply(now);
            LOG.info("Rollout {}: {} {}: {}", state.rolloutId, p.name(), r.accepted() ? "done" : "refused",
                    r.message());
            p.result().complete(r);
        }
        if (!now.isBefore(hubRetryAt)) {
            try {
                step(now);
                backoff = Duration.ZERO;
                lastError = null;
            } catch (HubCallException e) {
                if (e.kind() == HubCallException.Kind.BAD_REQUEST && !state.phase.isTerminal()
                        && state.phase != Phase.PAUSED && state.phase != Phase.PLANNED) {
                    // trying the same request again cannot help: the plan (a condition) or the hub must change
                    decisions.pause(PauseCause.HUB_ERROR, e.getMessage() + "; check the plan's target and wave "
                            + "conditions, then resume");
                }
                backoff = backoff.isZero() ? ctx.settings.roundInterval()
                        : (backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2));
                hubRetryAt = now.plus(backoff);
                lastError = e.getMessage();
                LOG.warn("Rollout {}: a hub call failed ({}), trying again in {} s: {}", state.rolloutId, e.kind(),
                        backoff.toSeconds(), e.getMessage());
            }
        }
        flushTransitions(now);
        boolean saved = false;
        if (ctx.dirty && (lastSave == null || !now.isBefore(lastSave.plus(ctx.settings.saveInterval())))) {
            saved = save(now);
        }
        if (saved || ctx.queriesThisTick > 0 || ctx.dirty || !java.util.Objects.equals(errorBefore, lastError)) {
            publish(saved);
            for (RolloutListener l : listeners) {
                l.onProgress(status);
            }
        }
    }

    private void step(Instant now) throws HubCallException {
        jobs.cancelRequested();
        if (state.phase.isTerminal() || state.phase == Phase.PLANNED) {
            return;
        }
        WaveJobs.Finished finished = jobs.poll(now);
        if (finished != null && finished.tagJobFailed()) {
            decisions.pause(PauseCause.HUB_ERROR, "tagging wave " + (finished.job().wave() + 1) + " failed ("
                    + finished.status().name().toLowerCase() + (finished.failureReason() == null ? ""
                    : ": " + finished.failureReason()) + "); resume to try again");
            return;
        }
        WaveState w = state.wave();
        switch (state.phase) {
            case ASSIGNING -> {
                if (state.activeJob == null) {
                    assigner.step(now);
                }
                if (w.step == WaveStep.RUNNING) {
                    state.phase = Phase.RUNNING;
                    WaveCounts c = w.counts();
                    ctx.audit(ctx.event("wave.started").targets(List.of("tags.rollout.id = '" + state.rolloutId
                                    + "' AND tags.rollout.wave = " + EngineContext.hubWave(w))).outcome("ok")
                            .detail("wave", EngineContext.hubWave(w)).detail("devices", c.total())
                            .detail("skipped", c.skipped()).detail("offlineAtStart", c.offlineAtStart()));
                    transition("wave " + EngineContext.hubWave(w) + " (" + w.name + ") running: " + c.total()
                            + " devices, " + c.skipped() + " skipped at the target, " + c.offlineAtStart()
                            + " offline at the start");
                }
            }
            case RUNNING -> run(w, now);
            case SOAKING -> {
                if (!now.isBefore(w.soakUntil)) {
                    decisions.nextWave(now);
                }
            }
            case PAUSED -> {
                if (w != null && w.step == WaveStep.RUNNING) {
                    monitor.round(w, now);
                    monitor.checkDeadline(w, now);
                }
            }
            default -> {
                // AWAITING_APPROVAL: nothing moves until approved
            }
        }
    }

    private void run(WaveState w, Instant now) throws HubCallException {
        monitor.dispatch(w, now);
        monitor.round(w, now);
        if (decisions.failureThresholdReached(w)) {
            return;
        }
        int stuck = monitor.checkDeadline(w, now);
        if (stuck > 0) {
            transition("wave " + EngineContext.hubWave(w) + ": deadline passed, " + stuck + " devices stuck");
        }
        if (decisions.failureThresholdReached(w)) {
            return;
        }
        if (monitor.isComplete(w)) {
            decisions.finishWave(w, now);
        }
    }

    // ---- saving and telling ----

    /** Notes a transition; it is saved and told at the end of the tick, so every saved state is a whole step. */
    private void transition(String message) {
        state.transitions++;
        pendingTransitions.add(message);
        LOG.info("Rollout {}: {}", state.rolloutId, message);
    }

    private void flushTransitions(Instant now) {
        if (pendingTransitions.isEmpty()) {
            return;
        }
        publish(save(now));
        List<String> messages = List.copyOf(pendingTransitions);
        pendingTransitions.clear();
        for (String message : messages) {
            for (RolloutListener l : listeners) {
                l.onTransition(status, message);
            }
        }
    }

    /**
     * Saves the whole state; false if that failed (the state stays dirty, so a later tick saves it again, and an
     * ended rollout does not read as finished until its end is saved).
     */
    private boolean save(Instant now) {
        state.updatedAt = now;
        try {
            store.save(state);
            ctx.dirty = false;
            lastSave = now;
            return true;
        } catch (IOException | RuntimeException e) {
            ctx.dirty = true;
            lastError = "saving the rollout failed: " + e.getMessage();
            LOG.error("Rollout {}: saving its state failed: {}", state.rolloutId, e.toString());
            return false;
        }
    }

    /**
     * Publishes the status after the save it reflects, so a reader of {@link #status()} or the store never sees an
     * end whose final counts are not there yet; {@link #finished} follows the status.
     */
    private void publish(boolean saved) {
        status = buildStatus();
        if (saved && state.phase.isTerminal()) {
            finished = true;
        }
    }

    private RolloutStatus buildStatus() {
        return RolloutStatus.of(state, monitor.queriesLastRound(), ctx.settings.queriesPerMinute(),
                monitor.nextRoundAt(), lastError);
    }
}
