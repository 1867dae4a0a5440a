package dev.twinops.console.rehearsal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import dev.twinops.console.operations.HubTier;
import dev.twinops.console.rollouts.RolloutsViewModel;
import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.TaskRunner;
import dev.twinops.limits.TierLimits;
import dev.twinops.rollout.engine.RolloutState;
import dev.twinops.rollout.rehearsal.RehearsalComparison;
import dev.twinops.rollout.report.RolloutReport;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Rehearsals tab's predicted-vs-actual table: {@link RehearsalComparison} of the rehearsal's report and the live
 * run's, per wave and figure (the rows of its CSV export, so the table shows what is exported), with budget shares
 * of the tier the source was taken for; and its export.
 */
final class PredictedVsActual {

    private final TaskRunner tasks;
    private final ObservableList<ComparisonRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private RehearsalComparison shown;

    PredictedVsActual(TaskRunner tasks) {
        this.tasks = tasks;
    }

    ObservableList<ComparisonRow> rows() {
        return rows;
    }

    ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    void clear() {
        rows.clear();
        shown = null;
        summary.set("");
    }

    /** Compares the two runs of a rehearsal; says what is missing while one of them is. */
    void show(RehearsalRecord r, RolloutState rehearsal, RolloutState live) {
        if (rehearsal == null || live == null) {
            summary.set(rehearsal == null ? "Rehearse a plan to get predictions."
                    : "Predicted vs actual shows once the plan runs for real.");
            return;
        }
        HubTier sourceTier = HubTier.parse(r.sourceTier() == null ? "unlimited" : r.sourceTier());
        TierLimits tier = sourceTier.tier().map(t -> TierLimits.of(t, sourceTier.units())).orElse(null);
        try {
            shown = RehearsalComparison.of(RolloutReport.of(rehearsal), RolloutReport.of(live), tier);
        } catch (IllegalArgumentException e) {
            summary.set(e.getMessage());
            return;
        }
        rows.setAll(rows(shown));
        summary.set(String.format(Locale.ROOT, "Whole run: predicted %s, actual %s (live %s). Budget shares are of %s.",
                seconds(shown.predicted()), seconds(shown.actual()), RolloutsViewModel.phaseWord(live.phase),
                tier == null ? "no tier (unlimited)" : tier.describe()));
    }

    /** The rows exactly as the CSV export has them. */
    static List<ComparisonRow> rows(RehearsalComparison c) {
        StringWriter csv = new StringWriter();
        try {
            c.writeCsv(csv);
            List<ComparisonRow> list = new ArrayList<>();
            for (CSVRecord rec : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(csv.toString()))) {
                String wave = rec.get("wave").isEmpty() ? rec.get("wave_name")
                        : rec.get("wave") + " " + rec.get("wave_name");
                list.add(new ComparisonRow(wave, rec.get("figure"), rec.get("predicted"), rec.get("actual")));
            }
            return list;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the comparison back", e);
        }
    }

    /** Writes the comparison shown, off the FX thread; {@code message} hears how it went. */
    void export(Path file, RehearsalsViewModel.ExportFormat format, Consumer<String> message) {
        RehearsalComparison c = shown;
        if (c == null) {
            message.accept("Nothing to compare yet: the plan has to run for real first.");
            return;
        }
        tasks.run(BackgroundTask.running(() -> {
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                if (format == RehearsalsViewModel.ExportFormat.CSV) {
                    c.writeCsv(out);
                } else {
                    out.write(c.toJson());
                }
            }
        }).onSuccess(v -> message.accept("Comparison written to " + file + "."))
                .onFailure(e -> message.accept("The comparison could not be written: " + e.getMessage())));
    }

    private static String seconds(Duration d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
