package dev.twinops.console.imports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.TaskRunner;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The import dialog's state: the file read and checked (off the FX thread), a preview of its rows with their
 * problems, the mode, the import's progress and its per-row results, which export as CSV. One import at a time.
 */
public final class DeviceImportViewModel {

    /** The preview shows the file's first rows and every row with a problem, up to this many rows in all. */
    static final int PREVIEW_FIRST_ROWS = 200;
    static final int PREVIEW_MAX_ROWS = 1_000;

    /** The hub an import goes to, found when it starts (blocking). */
    @FunctionalInterface
    public interface HubSource {
        ImportHub current() throws Exception;
    }

    private final HubSource hubs;
    private final TaskRunner tasks;
    private final Consumer<ImportReport> imported;

    private final ReadOnlyObjectWrapper<ImportFile> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ObservableList<ImportRow> preview = FXCollections.observableArrayList();
    private final ObjectProperty<ImportMode> mode = new SimpleObjectProperty<>(this, "mode", ImportMode.CREATE);
    private final ReadOnlyStringWrapper fileText = new ReadOnlyStringWrapper(this, "fileText", "");
    private final ReadOnlyStringWrapper fileProblem = new ReadOnlyStringWrapper(this, "fileProblem", "");
    private final ReadOnlyBooleanWrapper reading = new ReadOnlyBooleanWrapper(this, "reading");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<ImportReport> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final ObservableList<ImportOutcome> results = FXCollections.observableArrayList();
    private final BooleanBinding canImport;
    private AtomicBoolean stopRequested = new AtomicBoolean();

    /**
     * @param imported told of each finished import on the FX thread (the journal entry, the device list's refresh)
     */
    public DeviceImportViewModel(HubSource hubs, TaskRunner tasks, Consumer<ImportReport> imported) {
        this.hubs = Objects.requireNonNull(hubs);
        this.tasks = Objects.requireNonNull(tasks);
        this.imported = Objects.requireNonNull(imported);
        this.canImport = Bindings.createBooleanBinding(() -> file.get() != null && file.get().usable()
                        && !file.get().validRows().isEmpty() && !running.get() && !reading.get() && report.get() == null,
                file, running, reading, report);
    }

    /** Reads and checks {@code path} off the FX thread; the preview and messages follow. */
    public void choose(Path path) {
        if (running.get()) {
            return;
        }
        reading.set(true);
        report.set(null);
        results.clear();
        fileProblem.set("");
        fileText.set("Reading " + path.getFileName() + "…");
        tasks.run(BackgroundTask.of(() -> DeviceCsvReader.read(path))
                .onSuccess(this::show)
                .onFailure(e -> {
                    reading.set(false);
                    show(ImportFile.refused(String.valueOf(path.getFileName()), "Cannot read " + path.getFileName()
                            + ": " + e.getMessage()));
                }));
    }

    private void show(ImportFile read) {
        reading.set(false);
        file.set(read);
        preview.setAll(previewRows(read.rows()));
        status.set("");
        progress.set(0);
        if (!read.usable()) {
            fileText.set(read.fileName());
            fileProblem.set(read.problem());
            return;
        }
        long invalid = read.invalidCount();
        int rows = read.rows().size();
        fileText.set(read.fileName() + ": " + count(rows, "device") + (invalid == 0 ? ", all valid"
                : ", " + count(invalid, "row") + " with problems (not imported)"));
        fileProblem.set(invalid == rows ? "Every row has a problem: nothing to import. Fix the file and choose it again."
                : "");
        if (preview.size() < rows) {
            status.set("The preview shows " + count(preview.size(), "row") + " of " + String.format(Locale.ROOT, "%,d",
                    rows) + " (the first " + PREVIEW_FIRST_ROWS + " and those with problems).");
        }
    }

    static List<ImportRow> previewRows(List<ImportRow> rows) {
        List<ImportRow> shown = new ArrayList<>();
        for (int i = 0; i < rows.size() && shown.size() < PREVIEW_MAX_ROWS; i++) {
            if (i < PREVIEW_FIRST_ROWS || !rows.get(i).valid()) {
                shown.add(rows.get(i));
            }
        }
        return shown;
    }

    /** Imports the file's valid rows in the chosen mode, off the FX thread. */
    public void startImport() {
        if (!canImport.get()) {
            return;
        }
        ImportFile chosen = file.get();
        ImportMode chosenMode = mode.get();
        AtomicBoolean stop = new AtomicBoolean();
        stopRequested = stop;
        running.set(true);
        progress.set(0);
        int total = chosen.rows().size();
        status.set("Importing " + count(chosen.validRows().size(), "device") + "…");
        tasks.run(BackgroundTask.of(() -> new DeviceImporter(hubs.current()).run(chosen, chosenMode,
                        done -> tasks.onUiThread(() -> progress.set(done / (double) total)), stop::get))
                .onSuccess(done -> {
                    running.set(false);
                    progress.set(1);
                    report.set(done);
                    results.setAll(done.outcomes());
                    status.set("Import of " + done.fileName() + ": " + done.summary() + ".");
                    imported.accept(done);
                })
                .onFailure(e -> {
                    running.set(false);
                    status.set("Import not started: " + e.getMessage());
                }));
    }

    /** Leaves the requests not sent yet unsent (the one under way finishes). */
    public void stop() {
        if (running.get()) {
            stopRequested.set(true);
            status.set("Stopping after the current request…");
        }
    }

    /** Writes the results as CSV, off the FX thread. */
    public void exportResults(Path target) {
        ImportReport done = report.get();
        if (done == null) {
            return;
        }
        tasks.run(BackgroundTask.running(() -> done.export(target))
                .onSuccess(ok -> status.set("Results written to " + target.getFileName() + "."))
                .onFailure(e -> status.set("Results not written to " + target.getFileName() + ": " + e.getMessage())));
    }

    private static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    public ReadOnlyObjectProperty<ImportFile> fileProperty() {
        return file.getReadOnlyProperty();
    }

    public ObservableList<ImportRow> preview() {
        return preview;
    }

    public ObjectProperty<ImportMode> modeProperty() {
        return mode;
    }

    /** "devices.csv: 250 devices, 3 rows with problems (not imported)". */
    public ReadOnlyStringProperty fileTextProperty() {
        return fileText.getReadOnlyProperty();
    }

    /** Why the file cannot be imported, or "". */
    public ReadOnlyStringProperty fileProblemProperty() {
        return fileProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What the import is doing or did. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ImportReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public ObservableList<ImportOutcome> results() {
        return results;
    }

    public BooleanBinding canImportProperty() {
        return canImport;
    }
}
