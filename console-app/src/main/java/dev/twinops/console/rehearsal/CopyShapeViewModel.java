package dev.twinops.console.rehearsal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.twinops.console.operations.HubTier;
import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.TaskRunner;
import dev.twinops.limits.TierLimits;
import dev.twinops.rollout.hub.HubCallException;
import dev.twinops.rollout.rehearsal.CopyEstimate;
import dev.twinops.rollout.rehearsal.CopyRequest;
import dev.twinops.rollout.rehearsal.CopyResult;
import dev.twinops.rollout.rehearsal.FleetShapeCopy;
import dev.twinops.rollout.rehearsal.SourceFleet;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * "Copy fleet shape to a rehearsal hub...": a name, the devices' condition (the query shown, by default), a scale
 * factor and an optional id prefix. First the estimate (one COUNT query on the source: devices, queries, time on its
 * tier), shown before anything is copied; then the copy into the rehearsal hub, with progress and a result. Any
 * change to the inputs takes the estimate back, so what is copied is always what was estimated. Bad input is said
 * next to its field. The source is only read ({@link SourceFleet} has queries and nothing else).
 */
public final class CopyShapeViewModel {

    private static final DateTimeFormatter DEFAULT_NAME = DateTimeFormatter.ofPattern("'rehearsal-'yyyyMMdd-HHmm");

    private final SourceFleet source;
    private final String sourceHub;
    private final HubTier sourceTier;
    private final RehearsalTarget target;
    private final RehearsalStore store;
    private final TaskRunner tasks;
    private final Clock clock;
    private final Consumer<RehearsalRecord> copied;

    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty condition = new SimpleStringProperty(this, "condition", "");
    private final StringProperty scale = new SimpleStringProperty(this, "scale", "1");
    private final StringProperty idPrefix = new SimpleStringProperty(this, "idPrefix", "");
    private final ReadOnlyStringWrapper nameProblem = new ReadOnlyStringWrapper(this, "nameProblem", "");
    private final ReadOnlyStringWrapper conditionProblem = new ReadOnlyStringWrapper(this, "conditionProblem", "");
    private final ReadOnlyStringWrapper scaleProblem = new ReadOnlyStringWrapper(this, "scaleProblem", "");
    private final ReadOnlyStringWrapper prefixProblem = new ReadOnlyStringWrapper(this, "prefixProblem", "");
    private final ReadOnlyStringWrapper estimateText = new ReadOnlyStringWrapper(this, "estimateText", "");
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper resultText = new ReadOnlyStringWrapper(this, "resultText", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper estimated = new ReadOnlyBooleanWrapper(this, "estimated");
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done");

    private CopyRequest estimatedRequest;
    private CopyEstimate estimate;
    private CopyResult result;

    /**
     * @param source     the hub the console is connected to, read only
     * @param sourceHub  its name in the hub selector
     * @param sourceTier the tier the console takes it for (its query budget paces the copy)
     * @param condition  the devices to copy by default: the query the device list shows
     * @param copied     told (FX thread) of each rehearsal copied
     */
    public CopyShapeViewModel(SourceFleet source, String sourceHub, HubTier sourceTier, String condition,
                              RehearsalTarget target, RehearsalStore store, TaskRunner tasks, Clock clock,
                              Consumer<RehearsalRecord> copied) {
        this.source = Objects.requireNonNull(source);
        this.sourceHub = Objects.requireNonNull(sourceHub);
        this.sourceTier = Objects.requireNonNull(sourceTier);
        this.target = Objects.requireNonNull(target);
        this.store = Objects.requireNonNull(store);
        this.tasks = Objects.requireNonNull(tasks);
        this.clock = Objects.requireNonNull(clock);
        this.copied = Objects.requireNonNull(copied);
        this.condition.set(condition == null ? "" : condition);
        this.name.set(LocalDateTime.now(clock).format(DEFAULT_NAME));
        name.addListener((obs, old, v) -> nameProblem.set(""));
        for (StringProperty p : new StringProperty[] {this.condition, scale, idPrefix}) {
            p.addListener((obs, old, v) -> inputChanged());
        }
    }

    private void inputChanged() {
        conditionProblem.set("");
        scaleProblem.set("");
        prefixProblem.set("");
        if (!busy.get()) {
            estimate = null;
            estimatedRequest = null;
            estimated.set(false);
            estimateText.set("");
        }
    }

    // ---- for the view ----

    public StringProperty nameProperty() {
        return name;
    }

    /** A twin query's WHERE part; empty copies every device. */
    public StringProperty conditionProperty() {
        return condition;
    }

    /** 1 copies every device; N a 1/N sample. */
    public StringProperty scaleProperty() {
        return scale;
    }

    /** Put before each device id on the rehearsal hub; empty keeps the ids. */
    public StringProperty idPrefixProperty() {
        return idPrefix;
    }

    public ReadOnlyStringProperty nameProblemProperty() {
        return nameProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty conditionProblemProperty() {
        return conditionProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty scaleProblemProperty() {
        return scaleProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty prefixProblemProperty() {
        return prefixProblem.getReadOnlyProperty();
    }

    /** What the copy will read and cost; "" until estimated. */
    public ReadOnlyStringProperty estimateTextProperty() {
        return estimateText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** 0..1 while copying. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What the copy did, or why it failed. */
    public ReadOnlyStringProperty resultTextProperty() {
        return resultText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** True once the estimate for the current inputs is shown: the copy may start. */
    public ReadOnlyBooleanProperty estimatedProperty() {
        return estimated.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty doneProperty() {
        return done.getReadOnlyProperty();
    }

    /** The last copy's result, null before. */
    public CopyResult result() {
        return result;
    }

    public String sourceDescription() {
        return sourceHub + " (" + source.hostName() + "), tier " + sourceTier.describe();
    }

    // ---- actions ----

    /** Checks the inputs and asks the source for the count (one query); the estimate shows when it answers. */
    public void estimate() {
        if (busy.get()) {
            return;
        }
        CopyRequest request = request();
        if (request == null) {
            return;
        }
        busy.set(true);
        resultText.set("");
        estimateText.set("Counting the devices on " + sourceHub + "...");
        FleetShapeCopy counting = new FleetShapeCopy(source, null, clock);
        tasks.run(BackgroundTask.of(() -> counting.estimate(request))
                .onSuccess(e -> {
                    busy.set(false);
                    estimate = e;
                    estimatedRequest = request;
                    estimated.set(true);
                    estimateText.set(e.describe());
                })
                .onFailure(e -> {
                    busy.set(false);
                    estimateText.set("");
                    if (e instanceof HubCallException h && h.kind() == HubCallException.Kind.BAD_REQUEST) {
                        conditionProblem.set(message(e));
                    } else {
                        resultText.set("The devices could not be counted: " + message(e));
                    }
                }));
    }

    /** Copies what was estimated into the rehearsal hub (started if needed); the source is only read. */
    public void copy() {
        if (busy.get() || estimate == null || done.get()) {
            return;
        }
        String rehearsal = name.get().strip();
        CopyRequest request = estimatedRequest;
        CopyEstimate counted = estimate;
        busy.set(true);
        resultText.set("");
        progress.set(0);
        progressText.set("Starting the rehearsal hub...");
        ProgressRelay relay = new ProgressRelay();
        tasks.run(BackgroundTask.of(() -> {
            if (store.exists(rehearsal)) {
                throw new IllegalArgumentException("A rehearsal named " + rehearsal + " exists already.");
            }
            FleetShapeCopy copy = new FleetShapeCopy(source, target.start(), clock);
            CopyResult r = copy.copy(request, counted, relay);
            Path shapeFile = store.shapeFile(rehearsal);
            java.nio.file.Files.createDirectories(shapeFile.getParent());
            r.shape().write(shapeFile);
            RehearsalRecord record = new RehearsalRecord(rehearsal, sourceHub, source.hostName(), sourceTier.code(),
                    request.condition(), request.scale(), request.idPrefix(), counted.sourceDevices(),
                    r.shape().devices().size(), r.shape().copiedAt().toString(), null, null, null);
            store.save(record);
            return new Copied(r, record, shapeFile);
        }).onSuccess(c -> {
            busy.set(false);
            done.set(true);
            result = c.result();
            progress.set(1);
            progressText.set("Done.");
            resultText.set(describe(c));
            copied.accept(c.record());
        }).onFailure(e -> {
            busy.set(false);
            progressText.set("");
            if (e instanceof IllegalArgumentException) {
                nameProblem.set(e.getMessage());
            } else {
                resultText.set("The copy failed: " + message(e) + " Nothing was written to " + sourceHub + ".");
            }
        }));
    }

    private record Copied(CopyResult result, RehearsalRecord record, Path shapeFile) {
    }

    static String describe(Copied c) {
        CopyResult r = c.result();
        long queries = r.queries() + 1; // and the estimate's count
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "Read %,d devices with %,d queries on the source (the count included); created %,d on the rehearsal "
                        + "hub (%,d there already), tagged %,d", r.read(), queries, r.created(), r.existing(),
                r.tagged()));
        if (!r.refused().isEmpty()) {
            s.append(String.format(Locale.ROOT, "; %,d refused (e.g. %s)", r.refused().size(),
                    r.refused().entrySet().iterator().next()));
        }
        return s.append(". Shape file: ").append(c.shapeFile()).append('.').toString();
    }

    /** The request for the inputs, or null with each problem next to its field. */
    CopyRequest request() {
        String n = name.get() == null ? "" : name.get().strip();
        boolean ok = true;
        if (!RehearsalStore.NAME.matcher(n).matches()) {
            nameProblem.set("A name of 1-64 letters, digits, '-', '_' or '.' (it names the folder under "
                    + store.directory() + ").");
            ok = false;
        }
        int factor = 0;
        try {
            factor = Integer.parseInt(scale.get() == null ? "" : scale.get().strip());
        } catch (NumberFormatException e) {
            factor = 0;
        }
        if (factor < 1 || factor > 10_000) {
            scaleProblem.set("A whole number from 1 (every device) to 10000 (one device in 10000).");
            ok = false;
        }
        String cond = condition.get() == null ? "" : condition.get().strip();
        if (cond.toUpperCase(Locale.ROOT).startsWith("SELECT") || cond.toUpperCase(Locale.ROOT).startsWith("WHERE ")) {
            conditionProblem.set("Only the condition, e.g. tags.site = 'plant-north' (without SELECT ... WHERE).");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        TierLimits limits = sourceTier.tier().map(t -> TierLimits.of(t, sourceTier.units())).orElse(null);
        try {
            CopyRequest request = CopyRequest.of(cond, factor, limits);
            String prefix = idPrefix.get() == null ? "" : idPrefix.get().strip();
            return prefix.isEmpty() ? request : request.withIdPrefix(prefix);
        } catch (IllegalArgumentException e) {
            prefixProblem.set(capitalize(e.getMessage()) + ".");
            return null;
        }
    }

    /** Hands the copy's progress to the FX thread, at most one update pending at a time. */
    private final class ProgressRelay implements FleetShapeCopy.Listener {
        private final AtomicReference<String[]> latest = new AtomicReference<>();
        private final AtomicBoolean pending = new AtomicBoolean();

        @Override
        public void onProgress(String step, int doneCount, int total) {
            latest.set(new String[] {step, String.valueOf(doneCount), String.valueOf(total)});
            if (pending.compareAndSet(false, true)) {
                tasks.onUiThread(() -> {
                    pending.set(false);
                    String[] p = latest.get();
                    if (p == null || !busy.get()) {
                        return;
                    }
                    int d = Integer.parseInt(p[1]);
                    int t = Integer.parseInt(p[2]);
                    // reading, creating and tagging as thirds of the bar
                    int stepIndex = switch (p[0]) {
                        case "reading" -> 0;
                        case "creating" -> 1;
                        default -> 2;
                    };
                    progress.set((stepIndex + (t == 0 ? 1.0 : (double) d / t)) / 3);
                    progressText.set(String.format(Locale.ROOT, "%s: %,d of %,d devices",
                            capitalize(p[0]), d, t));
                });
            }
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static String capitalize(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
