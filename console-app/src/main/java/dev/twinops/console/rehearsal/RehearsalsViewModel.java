package dev.twinops.console.rehearsal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.operations.HubTier;
import dev.twinops.console.rollouts.RolloutsViewModel;
import dev.twinops.console.simulator.FleetSpec;
import dev.twinops.console.simulator.SimulatorViewModel;
import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.TaskRunner;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.engine.RolloutState;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.rehearsal.SdkSourceFleet;
import dev.twinops.rollout.store.FileRolloutStore;
import dev.twinops.simulator.faults.FaultProfile;
import dev.twinops.simulator.faults.FaultSettings;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Rehearsals tab: the fleets copied for a dress rehearsal and, for the selected one, the workflow's steps: start
 * the rehearsal fleet (the simulator playing the copied shape on the rehearsal hub, with a fault profile and seed),
 * rehearse a plan there (the plan dialog; the rollout and its plan are recorded with the rehearsal), run the same plan
 * unchanged on the source hub (once the rehearsal ended and the console is connected to the source again), and the
 * predicted-vs-actual comparison per wave, exportable. Blocking work runs as background tasks.
 */
public final class RehearsalsViewModel {

    /** What the comparison is exported as. */
    public enum ExportFormat { CSV, JSON }

    /** Starts a rollout on the hub in use and tells its id (FX thread). */
    @FunctionalInterface
    public interface RolloutStarter {
        void start(RolloutPlan plan, Consumer<String> started);
    }

    private final RehearsalStore store;
    private final FileRolloutStore rollouts;
    private final ReadOnlyObjectProperty<HubConnection> activeHub;
    private final Supplier<HubTier> hubTier;
    private final Supplier<String> shownCondition;
    private final RehearsalTarget target;
    private final HubSwitch hubs;
    private final PlanDialog planDialog;
    private final RolloutStarter starter;
    private final SimulatorViewModel simulator;
    private final TaskRunner tasks;
    private final Clock clock;

    private final ObservableList<RehearsalRecord> rehearsals = FXCollections.observableArrayList();
    private final ObjectProperty<RehearsalRecord> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final PredictedVsActual table;
    private final ObjectProperty<FaultProfile> faultProfile = new SimpleObjectProperty<>(this, "faultProfile",
            FaultProfile.FLAKY);
    private final StringProperty seed = new SimpleStringProperty(this, "seed", "1");
    private final SimpleObjectProperty<Phase> rehearsalPhase = new SimpleObjectProperty<>(this, "rehearsalPhase");
    private final BooleanBinding canCopy;
    private final BooleanBinding canRehearse;
    private final BooleanBinding canRunForReal;
    private Runnable whenOnRehearsalHub;

    public RehearsalsViewModel(RehearsalStore store, FileRolloutStore rollouts,
                               ReadOnlyObjectProperty<HubConnection> activeHub, Supplier<HubTier> hubTier,
                               Supplier<String> shownCondition, RehearsalTarget target, HubSwitch hubs,
                               PlanDialog planDialog, RolloutStarter starter, SimulatorViewModel simulator,
                               TaskRunner tasks, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.rollouts = Objects.requireNonNull(rollouts);
        this.activeHub = Objects.requireNonNull(activeHub);
        this.hubTier = Objects.requireNonNull(hubTier);
        this.shownCondition = Objects.requireNonNull(shownCondition);
        this.target = Objects.requireNonNull(target);
        this.hubs = Objects.requireNonNull(hubs);
        this.planDialog = Objects.requireNonNull(planDialog);
        this.starter = Objects.requireNonNull(starter);
        this.simulator = Objects.requireNonNull(simulator);
        this.tasks = Objects.requireNonNull(tasks);
        this.clock = Objects.requireNonNull(clock);
        this.table = new PredictedVsActual(tasks);
        canCopy = Bindings.createBooleanBinding(() -> activeHub.get() != null && !hubs.isRehearsalHub(activeHub.get()),
                activeHub);
        canRehearse = Bindings.createBooleanBinding(() -> selected.get() != null, selected);
        canRunForReal = Bindings.createBooleanBinding(() -> {
            RehearsalRecord r = selected.get();
            Phase phase = rehearsalPhase.get();
            return r != null && r.rehearsalRollout() != null && r.liveRollout() == null && phase != null
                    && phase.isTerminal() && onSource(r);
        }, selected, rehearsalPhase, activeHub);
        selected.addListener((obs, old, r) -> {
            message.set("");
            load(r);
        });
        activeHub.addListener((obs, old, hub) -> {
            load(selected.get()); // a rehearsal may have ended meanwhile: Run for real follows
            if (hub != null && hubs.isRehearsalHub(hub) && whenOnRehearsalHub != null) {
                Runnable next = whenOnRehearsalHub;
                whenOnRehearsalHub = null;
                next.run();
            }
        });
    }

    // ---- for the view ----

    public ObservableList<RehearsalRecord> rehearsals() {
        return rehearsals;
    }

    public ObjectProperty<RehearsalRecord> selectedProperty() {
        return selected;
    }

    /** The selected rehearsal in words: source, copy, rollouts and their phases. */
    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** The outcome of the last action. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** "Whole run: predicted 95.2 s, actual 101.4 s", or why there is nothing to compare yet. */
    public ReadOnlyStringProperty comparisonSummaryProperty() {
        return table.summaryProperty();
    }

    /** Predicted against actual, per wave and figure. */
    public ObservableList<ComparisonRow> comparison() {
        return table.rows();
    }

    public ObjectProperty<FaultProfile> faultProfileProperty() {
        return faultProfile;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    /** Copying needs a source: any hub but the rehearsal hub itself. */
    public BooleanBinding canCopyProperty() {
        return canCopy;
    }

    public BooleanBinding canRehearseProperty() {
        return canRehearse;
    }

    /** The rehearsal ended, nothing ran for real yet, and the console is connected to the source. */
    public BooleanBinding canRunForRealProperty() {
        return canRunForReal;
    }

    // ---- actions ----

    /** Reads the saved rehearsals (keeping the selection). */
    public void refresh() {
        tasks.run(BackgroundTask.of(store::list).onSuccess(this::show)
                .onFailure(e -> message.set("The rehearsals could not be read: " + e.getMessage())));
    }

    private void show(List<RehearsalRecord> list) {
        String keep = selected.get() == null ? null : selected.get().name();
        rehearsals.setAll(list);
        RehearsalRecord again = list.stream().filter(r -> r.name().equals(keep)).findFirst()
                .orElse(list.isEmpty() ? null : list.get(0));
        if (again != null && again.equals(selected.get())) {
            load(again);
        }
        selected.set(again);
    }

    /**
     * The copy dialog's view model for the hub in use, its shown query as the default condition; null (with a
     * message) when the console is on the rehearsal hub itself or on none.
     */
    public CopyShapeViewModel newCopy() {
        HubConnection hub = activeHub.get();
        if (hub == null || hubs.isRehearsalHub(hub)) {
            message.set("Connect to the hub to copy from first (an Azure IoT Hub or another local hub): the console's "
                    + "own local hub is the rehearsal hub.");
            return null;
        }
        return new CopyShapeViewModel(SdkSourceFleet.over(hub.endpoint(), hub.queries()), hub.displayName(),
                hubTier.get(), shownCondition.get(), target, store, tasks, clock, record -> {
                    message.set("Copied " + record.copied() + " devices into rehearsal " + record.name() + ".");
                    refresh();
                });
    }

    /** Starts the simulated fleet of the selected rehearsal's shape on the rehearsal hub (switching to it first). */
    public void startFleet() {
        RehearsalRecord r = selected.get();
        if (r == null) {
            return;
        }
        long seedValue;
        try {
            seedValue = Long.parseLong(seed.get().strip());
        } catch (NumberFormatException e) {
            message.set("The seed is a whole number (the same seed plays the same faults).");
            return;
        }
        FleetSpec spec = FleetSpec.ofShape(store.shapeFile(r.name()), r.copied(),
                FaultSettings.of(faultProfile.get()), seedValue, Duration.ofSeconds(2), r.copied() > 100);
        onRehearsalHub(() -> {
            message.set("Starting " + r.copied() + " simulated devices of " + r.name() + "...");
            simulator.launch(spec, () -> message.set("The rehearsal fleet of " + r.name() + " is starting ("
                            + faultProfile.get().cliName() + " faults, seed " + seedValue + ")."),
                    problem -> message.set(problem));
        });
    }

    /** Opens the plan dialog on the rehearsal hub (switching to it first); the rollout it starts is the rehearsal's. */
    public void rehearse() {
        RehearsalRecord r = selected.get();
        if (r == null) {
            return;
        }
        onRehearsalHub(() -> planDialog.open(r.condition() == null ? RolloutPlan.EVERY_DEVICE : r.condition(),
                r.copied(), r.copied() + " devices of rehearsal " + r.name(), "Rehearse a rollout: " + r.name(),
                plan -> starter.start(plan, id -> recordRehearsal(r, id))));
    }

    private void recordRehearsal(RehearsalRecord r, String rolloutId) {
        HubConnection hub = activeHub.get();
        String host = hub == null ? null : hub.endpoint();
        tasks.run(BackgroundTask.of(() -> {
            RolloutState state = rollouts.load(rolloutId).orElseThrow(() -> new IOException("rollout " + rolloutId
                    + " is not saved"));
            store.savePlan(r.name(), state.plan); // as the engine filled it in: what runs for real, unchanged
            RehearsalRecord updated = r.withRehearsalRollout(rolloutId, host);
            store.save(updated);
            return updated;
        }).onSuccess(updated -> {
            message.set("Rehearsing with rollout " + rolloutId + "; when it has ended, connect to " + r.sourceHub()
                    + " and choose Run for real.");
            refresh();
        }).onFailure(e -> message.set("The rehearsal's rollout could not be recorded: " + e.getMessage())));
    }

    /** Runs the rehearsed plan, unchanged but for its id, on the source hub (the console must be connected to it). */
    public void runForReal() {
        RehearsalRecord r = selected.get();
        if (r == null || !canRunForReal.get()) {
            return;
        }
        tasks.run(BackgroundTask.of(() -> store.plan(r.name())).onSuccess(plan -> {
            if (plan.isEmpty()) {
                message.set("The rehearsed plan is missing from " + store.folderOf(r.name()) + ".");
                return;
            }
            RolloutPlan live = plan.get().withId(liveId(plan.get().id()));
            message.set("Starting " + live.id() + " on " + r.sourceHub() + "...");
            starter.start(live, id -> tasks.run(BackgroundTask.of(() -> {
                RehearsalRecord updated = r.withLiveRollout(id);
                store.save(updated);
                return updated;
            }).onSuccess(updated -> {
                message.set("Running for real as rollout " + id + " on " + r.sourceHub() + ", linked to rehearsal "
                        + r.rehearsalRollout() + ".");
                refresh();
            }).onFailure(e -> message.set("The live rollout could not be recorded: " + e.getMessage()))));
        }).onFailure(e -> message.set("The rehearsed plan could not be read: " + e.getMessage())));
    }

    /** What "Run for real" asks before it goes ahead. */
    public String runForRealQuestion() {
        RehearsalRecord r = selected.get();
        HubConnection hub = activeHub.get();
        if (r == null || hub == null) {
            return "";
        }
        return "The plan rehearsed as " + r.rehearsalRollout() + " starts on " + hub.displayName() + " ("
                + hub.endpoint() + ") as rollout " + liveId(r.rehearsalRollout()) + ": the same target, operation, "
                + "waves, thresholds, gates and rate. Real devices get the operation.";
    }

    /** Switches to the source hub of the selected rehearsal. */
    public void switchToSource() {
        RehearsalRecord r = selected.get();
        if (r != null && !hubs.toHub(r.sourceHub())) {
            message.set("No saved hub named " + r.sourceHub() + ": connect to it again to run the plan for real.");
        }
    }

    /** The rehearsal's rollout id with "-live", within the 32 characters a rollout id may have. */
    static String liveId(String rehearsalId) {
        String base = rehearsalId.length() > 27 ? rehearsalId.substring(0, 27) : rehearsalId;
        return base.replaceAll("-+$", "") + "-live";
    }

    /** Reads the selected rehearsal's rollouts again and compares them (e.g. while the live run goes on). */
    public void reload() {
        load(selected.get());
    }

    private void load(RehearsalRecord r) {
        table.clear();
        rehearsalPhase.set(null);
        if (r == null) {
            details.set("");
            return;
        }
        details.set(describe(r, null, null));
        tasks.run(BackgroundTask.of(() -> new Loaded(state(r.rehearsalRollout()), state(r.liveRollout())))
                .onSuccess(loaded -> {
                    if (!r.equals(selected.get())) {
                        return;
                    }
                    rehearsalPhase.set(loaded.rehearsal() == null ? null : loaded.rehearsal().phase);
                    details.set(describe(r, loaded.rehearsal(), loaded.live()));
                    table.show(r, loaded.rehearsal(), loaded.live());
                })
                .onFailure(e -> details.set(describe(r, null, null) + "\nThe rollouts could not be read: "
                        + e.getMessage())));
    }

    private record Loaded(RolloutState rehearsal, RolloutState live) {
    }

    private RolloutState state(String id) throws IOException {
        return id == null ? null : rollouts.load(id).orElse(null);
    }

    /** Writes the comparison shown, off the FX thread. */
    public void export(Path file, ExportFormat format) {
        table.export(file, format, message::set);
    }

    private void onRehearsalHub(Runnable action) {
        HubConnection hub = activeHub.get();
        if (hub != null && hubs.isRehearsalHub(hub)) {
            action.run();
            return;
        }
        whenOnRehearsalHub = action;
        message.set("Switching to the rehearsal hub (the console's local hub)...");
        hubs.toRehearsalHub();
    }

    /** "2026-12-02 12:19:08 UTC" from the record's ISO instant. */
    static String readable(String instant) {
        try {
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
                    .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.parse(instant));
        } catch (RuntimeException e) {
            return String.valueOf(instant);
        }
    }

    private boolean onSource(RehearsalRecord r) {
        HubConnection hub = activeHub.get();
        return hub != null && hub.endpoint().equals(r.sourceHost());
    }

    private String describe(RehearsalRecord r, RolloutState rehearsal, RolloutState live) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(java.util.Locale.ROOT, "Copied %,d of %,d devices from %s (%s, tier %s)%s%s at %s.",
                r.copied(), r.sourceDevices(), r.sourceHub(), r.sourceHost(), r.sourceTier(),
                r.condition() == null ? "" : " where " + r.condition(), r.scale() > 1 ? ", a 1/" + r.scale()
                        + " sample" : "", readable(r.copiedAt())));
        if (r.idPrefix() != null) {
            s.append(" Ids prefixed ").append(r.idPrefix()).append('.');
        }
        s.append("\nShape file: ").append(store.shapeFile(r.name()));
        s.append("\nRehearsal: ").append(r.rehearsalRollout() == null ? "not rehearsed yet"
                : r.rehearsalRollout() + (rehearsal == null ? "" : ", " + RolloutsViewModel.phaseWord(rehearsal.phase)));
        s.append("\nFor real: ").append(r.liveRollout() == null ? "not run yet"
                : r.liveRollout() + " on " + r.sourceHub() + (live == null ? "" : ", " + RolloutsViewModel.phaseWord(live.phase)));
        return s.toString();
    }

}
