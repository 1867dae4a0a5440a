package dev.twinops.console.rollouts;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.TaskRunner;
import dev.twinops.console.time.ReadableTime;
import dev.twinops.rollout.engine.CommandResult;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.engine.RolloutEngine;
import dev.twinops.rollout.engine.RolloutStatus;
import dev.twinops.rollout.engine.WaveCounts;
import dev.twinops.rollout.engine.WaveStatus;
import dev.twinops.rollout.engine.WaveStep;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.report.ReportCsv;
import dev.twinops.rollout.report.RolloutReport;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Rollouts tab: the hub's rollouts, and for the selected one its phase, the reason it stopped, each wave's
 * counts, failures by reason, ETA and what progress costs in queries; the operator's commands (each only when the
 * rollout's state allows it) and the report export. Fed by the {@link RolloutSupervisor} through {@link #drain},
 * which the application calls coalesced on the FX thread.
 */
public final class RolloutsViewModel {

    /** What a report is exported as. */
    public enum ReportFormat { CSV, JSON }

    private final RolloutSupervisor supervisor;
    private final TaskRunner tasks;
    private final ReadableTime time;
    private final Supplier<Instant> now;

    private final ObservableList<RolloutItem> rollouts = FXCollections.observableArrayList();
    private final Map<String, RolloutItem> items = new HashMap<>();
    private final ObjectProperty<RolloutItem> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<RolloutSupervisor.Entry> entry = new ReadOnlyObjectWrapper<>(this, "entry");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final BooleanBinding canPause;
    private final BooleanBinding canResume;
    private final BooleanBinding canAbort;
    private final BooleanBinding canApprove;
    private final BooleanBinding canRetry;

    public RolloutsViewModel(RolloutSupervisor supervisor, TaskRunner tasks, ReadableTime time,
                             Supplier<Instant> now) {
        this.supervisor = Objects.requireNonNull(supervisor);
        this.tasks = Objects.requireNonNull(tasks);
        this.time = Objects.requireNonNull(time);
        this.now = Objects.requireNonNull(now);
        selected.addListener((obs, old, item) -> {
            entry.set(item == null ? null : find(item.id()));
            message.set("");
        });
        canPause = when(s -> s.running() && switch (s.status().phase()) {
            case ASSIGNING, RUNNING, SOAKING, AWAITING_APPROVAL -> true;
            default -> false;
        });
        canResume = when(s -> s.running() && s.status().phase() == Phase.PAUSED);
        canAbort = when(s -> s.running() && !s.status().phase().isTerminal());
        canApprove = when(s -> s.running() && s.status().phase() == Phase.AWAITING_APPROVAL);
        canRetry = when(s -> {
            WaveStatus w = s.status().current();
            return s.running() && (s.status().phase() == Phase.RUNNING || s.status().phase() == Phase.PAUSED)
                    && w != null && w.step() == WaveStep.RUNNING
                    && w.counts().failed() + w.counts().offline() + w.counts().stuck() > 0;
        });
    }

    private BooleanBinding when(java.util.function.Predicate<RolloutSupervisor.Entry> test) {
        return Bindings.createBooleanBinding(() -> entry.get() != null && test.test(entry.get()), entry);
    }

    // ---- what the view shows ----

    public ObservableList<RolloutItem> rollouts() {
        return rollouts;
    }

    public ObjectProperty<RolloutItem> selectedProperty() {
        return selected;
    }

    /** The selected rollout as last published; null when none is selected. */
    public ReadOnlyObjectProperty<RolloutSupervisor.Entry> entryProperty() {
        return entry.getReadOnlyProperty();
    }

    /** The last command's outcome or an export's. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Saved rollouts that could not be read. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public BooleanBinding canPauseProperty() {
        return canPause;
    }

    public BooleanBinding canResumeProperty() {
        return canResume;
    }

    public BooleanBinding canAbortProperty() {
        return canAbort;
    }

    public BooleanBinding canApproveProperty() {
        return canApprove;
    }

    public BooleanBinding canRetryProperty() {
        return canRetry;
    }

    /** Applies the supervisor's latest entries (FX thread). */
    public void drain() {
        List<RolloutSupervisor.Entry> latest = supervisor.entries();
        problem.set(supervisor.problem());
        Map<String, RolloutSupervisor.Entry> byId = latest.stream()
                .collect(Collectors.toMap(RolloutSupervisor.Entry::id, Function.identity(), (a, b) -> a));
        rollouts.removeIf(item -> !byId.containsKey(item.id()));
        items.keySet().retainAll(byId.keySet());
        for (int i = 0; i < latest.size(); i++) {
            RolloutSupervisor.Entry e = latest.get(i);
            RolloutItem item = items.get(e.id());
            if (item == null) {
                item = new RolloutItem(e.id());
                items.put(e.id(), item);
                rollouts.add(Math.min(i, rollouts.size()), item);
            }
            item.setText(listLine(e));
        }
        if (selected.get() != null && !items.containsKey(selected.get().id())) {
            selected.set(null);
        }
        if (selected.get() == null && !rollouts.isEmpty()) {
            selected.set(rollouts.get(0));
        }
        entry.set(selected.get() == null ? null : byId.get(selected.get().id()));
    }

    /** Selects a rollout by id once it is listed (e.g. the one just created). */
    public void select(String rolloutId) {
        RolloutItem item = items.get(rolloutId);
        if (item != null) {
            selected.set(item);
        }
    }

    // ---- commands ----

    /** Creates and starts a rollout; it is selected once listed. */
    public void create(RolloutPlan plan) {
        create(plan, id -> { });
    }

    /** Creates and starts a rollout; it is selected once listed, and {@code started} gets its id (FX thread). */
    public void create(RolloutPlan plan, java.util.function.Consumer<String> started) {
        message.set("Starting the rollout...");
        supervisor.create(plan).whenComplete((id, error) -> tasks.onUiThread(() -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                message.set("The rollout was not started: " + cause.getMessage());
            } else {
                drain();
                select(id);
                message.set("Rollout " + id + " started.");
                started.accept(id);
            }
        }));
    }

    public void pause() {
        command("Pause", RolloutEngine::pause);
    }

    public void resume() {
        command("Resume", RolloutEngine::resume);
    }

    public void abort() {
        command("Abort", RolloutEngine::abort);
    }

    public void approve() {
        command("Approve", RolloutEngine::approve);
    }

    public void retryFailed() {
        command("Retry failed", RolloutEngine::retryFailed);
    }

    /** What "Abort" asks before it goes ahead. */
    public String abortQuestion() {
        RolloutSupervisor.Entry e = entry.get();
        if (e == null) {
            return "";
        }
        return "Abort rollout " + e.id() + " (" + e.status().name() + ")? Its jobs under way are cancelled and no "
                + "further wave starts. Devices that already have the operation keep it. This cannot be undone.";
    }

    private void command(String name, Function<RolloutEngine, CompletableFuture<CommandResult>> action) {
        RolloutSupervisor.Entry e = entry.get();
        RolloutEngine engine = e == null ? null : supervisor.engine(e.id());
        if (engine == null) {
            message.set(name + ": this rollout is not run by this console"
                    + (e != null && e.runElsewhere() != null ? " but by " + e.runElsewhere() : "") + ".");
            return;
        }
        message.set(name + "...");
        action.apply(engine).whenComplete((result, error) -> tasks.onUiThread(() -> message.set(error != null
                ? name + " failed: " + error.getMessage()
                : (result.accepted() ? "" : name + " refused: ") + capitalize(result.message()) + ".")));
    }

    /**
     * Writes the selected rollout's report to {@code file}, off the FX thread (from its saved state when another
     * process runs it).
     */
    public void exportReport(Path file, ReportFormat format) {
        RolloutSupervisor.Entry e = entry.get();
        if (e == null) {
            message.set("Choose a rollout of this hub first.");
            return;
        }
        String id = e.id();
        message.set("Writing " + file.getFileName() + "...");
        tasks.run(BackgroundTask.running(() -> {
            RolloutReport report = RolloutReport.of(supervisor.state(id).orElseThrow(() ->
                    new IllegalStateException("rollout " + id + " is no longer one of this hub's")));
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                if (format == ReportFormat.CSV) {
                    ReportCsv.write(report, out);
                } else {
                    out.write(report.toJson());
                }
            }
        }).onSuccess(v -> message.set("Report written to " + file + "."))
                .onFailure(err -> message.set("The report could not be written: " + err.getMessage())));
    }

    // ---- texts ----

    /** "firmware 2.0.0 · paused · wave 1/3 canary (id)", and " · run elsewhere" when another process runs it. */
    static String listLine(RolloutSupervisor.Entry e) {
        RolloutStatus s = e.status();
        WaveStatus w = s.current();
        String wave = w == null ? "" : " · wave " + (w.index() + 1) + "/" + s.waves().size() + " " + w.name();
        return s.name() + " · " + phaseWord(s.phase()) + wave + (e.runElsewhere() == null ? "" : " · run elsewhere")
                + " (" + s.rolloutId() + ")";
    }

    /**
     * "firmware 2.0.0 · r20261202-...": the name, and the operation only when the name does not already say it
     * ("North plant (firmware 2.0.0) · fw-north").
     */
    public static String title(RolloutSupervisor.Entry e) {
        RolloutStatus s = e.status();
        boolean saysOperation = s.name().strip().toLowerCase(Locale.ROOT)
                .contains(s.operation().strip().toLowerCase(Locale.ROOT));
        return (saysOperation ? s.name() : s.name() + " (" + s.operation() + ")") + " · " + s.rolloutId();
    }

    public static String phaseWord(Phase phase) {
        return switch (phase) {
            case PLANNED -> "planned";
            case ASSIGNING -> "choosing devices";
            case RUNNING -> "running";
            case SOAKING -> "soaking";
            case AWAITING_APPROVAL -> "waiting for approval";
            case PAUSED -> "paused";
            case ABORTED -> "aborted";
            case COMPLETED -> "completed";
        };
    }

    /** "Paused: wave 1 (canary): 3 of 3 devices failed ..." or "Running wave 2 of 3 (early)". */
    public static String headline(RolloutSupervisor.Entry e) {
        RolloutStatus s = e.status();
        WaveStatus w = s.current();
        String state = capitalize(phaseWord(s.phase()));
        if (s.reason() != null && !s.reason().isBlank()) {
            return state + ": " + s.reason();
        }
        if (w != null && !s.phase().isTerminal()) {
            return state + ", wave " + (w.index() + 1) + " of " + s.waves().size() + " (" + w.name() + ")";
        }
        return state;
    }

    /** Whether the rollout moves while nobody watches: said plainly. */
    public static String runningNote(RolloutSupervisor.Entry e) {
        if (e.status().phase().isTerminal()) {
            return "This rollout has ended.";
        }
        if (e.runElsewhere() != null) {
            return "Run elsewhere: " + e.runElsewhere() + " runs this rollout. This console shows its saved "
                    + "progress, read-only, and carries it on if that process stops.";
        }
        String base = "Waves advance only while a console (or the rollout-engine.jar command) runs the rollout";
        return e.running() ? base + ": this console runs it now; closing it stops the waves until it is opened again."
                : base + ": nothing runs it now.";
    }

    /** "12 devices: 9 succeeded, 2 failed, 1 skipped, 0 offline, 0 stuck, 0 in flight, 0 waiting". */
    public static String countsLine(WaveCounts c) {
        return String.format(Locale.ROOT, "%d devices: %d succeeded, %d failed, %d skipped, %d offline, %d stuck, "
                        + "%d in flight, %d waiting", c.total(), c.succeeded(), c.failed(), c.skipped(), c.offline(),
                c.stuck(), c.inFlight(), c.waiting());
    }

    /** "DOWNLOAD_FAILED: 3, OFFLINE: 1", or "none". */
    public static String failuresLine(Map<String, Long> failures) {
        if (failures.isEmpty()) {
            return "none";
        }
        return failures.entrySet().stream().map(f -> f.getKey() + ": " + f.getValue())
                .collect(Collectors.joining(", "));
    }

    /** The ETA, the next round and the query budget. */
    public String pacingLine(RolloutSupervisor.Entry e) {
        RolloutStatus s = e.status();
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
                "Progress: %d %s last round, %d in all", s.queriesLastRound(),
                s.queriesLastRound() == 1 ? "query" : "queries", s.queriesTotal()));
        t.append(s.queryBudgetPerMinute() > 0 ? "; budget " + s.queryBudgetPerMinute()
                + " queries a minute (a share of the hub tier's quota)" : "; no query budget (unlimited hub tier)");
        if (s.lastError() != null) {
            t.append(". Hub call failed, trying again: ").append(s.lastError());
        }
        return t.toString();
    }

    public String etaLine(RolloutSupervisor.Entry e) {
        if (e.status().phase().isTerminal()) {
            return "Ended " + time.withAge(e.status().updatedAt());
        }
        if (e.eta() == null) {
            return "ETA: not known yet";
        }
        Duration left = Duration.between(now.get(), e.eta());
        return "ETA: " + (left.isNegative() || left.toSeconds() < 5 ? "any moment"
                : "about " + readable(left)) + " at the current pace";
    }

    private static String readable(Duration d) {
        long s = d.toSeconds();
        return s < 90 ? s + " s" : s < 5400 ? Math.round(s / 60.0) + " min"
                : String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }

    private RolloutSupervisor.Entry find(String id) {
        return supervisor.entries().stream().filter(e -> e.id().equals(id)).findFirst().orElse(null);
    }

    private static String capitalize(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
