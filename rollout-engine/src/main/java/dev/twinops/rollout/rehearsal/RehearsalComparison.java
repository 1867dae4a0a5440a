package dev.twinops.rollout.rehearsal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.twinops.limits.TierLimits;
import dev.twinops.rollout.json.RolloutJson;
import dev.twinops.rollout.report.RolloutReport;
import dev.twinops.rollout.report.WaveReport;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Predicted (the rehearsal's report) against actual (the live run's report of the same plan), wave by wave:
 * duration, devices succeeded / failed / skipped / offline / stuck, queries and Jobs API calls against the tier's
 * budget, and what paused the rollout. Exports as JSON, CSV (one row per wave and figure) and a markdown table.
 *
 * @param tier      the tier both hubs played or are, for the budget shares; null to leave them out
 * @param predicted the rehearsal's whole run (from the first wave's start to its last change)
 * @param actual    the live run's
 */
public record RehearsalComparison(String rehearsalId, String rehearsalHub, String liveId, String liveHub,
                                  String operation, TierLimits tier, Duration predicted, Duration actual,
                                  List<Wave> waves) {

    /** One wave, both ways. */
    public record Wave(int wave, String name, WaveFigures predicted, WaveFigures actual) {
    }

    /**
     * @throws IllegalArgumentException if the reports are not of the same plan (operation, wave names)
     */
    public static RehearsalComparison of(RolloutReport rehearsal, RolloutReport live, TierLimits tier) {
        List<String> a = rehearsal.waves().stream().map(WaveReport::name).toList();
        List<String> b = live.waves().stream().map(WaveReport::name).toList();
        if (!a.equals(b) || !rehearsal.operation().equals(live.operation())) {
            throw new IllegalArgumentException("the reports are of different plans: the rehearsal ran "
                    + rehearsal.operation() + " in waves " + a + ", the live run " + live.operation() + " in waves " + b);
        }
        List<Wave> waves = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            waves.add(new Wave(i + 1, a.get(i), WaveFigures.of(rehearsal.waves().get(i), tier),
                    WaveFigures.of(live.waves().get(i), tier)));
        }
        return new RehearsalComparison(rehearsal.rolloutId(), rehearsal.hub(), live.rolloutId(), live.hub(),
                rehearsal.operation(), tier, rehearsal.duration(), live.duration(), List.copyOf(waves));
    }

    public String toJson() {
        try {
            return RolloutJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the comparison", e);
        }
    }

    public static final List<String> CSV_HEADER = List.of("wave", "wave_name", "figure", "predicted", "actual");

    /** One row per wave and figure: {@code 1,canary,duration_s,12.5,14.0}. */
    public void writeCsv(Writer out) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(CSV_HEADER.toArray(String[]::new)).get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (Wave w : waves) {
                for (Row r : rows(w)) {
                    printer.printRecord(w.wave(), safe(w.name()), r.figure(), safe(r.predicted()), safe(r.actual()));
                }
            }
            printer.printRecord("", "all", "duration_s", seconds(predicted), seconds(actual));
        }
    }

    /** A markdown table per wave, for docs and change records. */
    public String toMarkdown() {
        StringBuilder s = new StringBuilder();
        s.append("Rehearsal `").append(rehearsalId).append("` on ").append(rehearsalHub).append(" against live `")
                .append(liveId).append("` on ").append(liveHub).append(": ").append(operation);
        if (tier != null) {
            s.append(", budget shares of ").append(tier.describe());
        }
        s.append(String.format(Locale.ROOT, ". Whole run: predicted %s s, actual %s s.%n%n", seconds(predicted),
                seconds(actual)));
        s.append("| wave | figure | predicted | actual |\n|---|---|---:|---:|\n");
        for (Wave w : waves) {
            for (Row r : rows(w)) {
                s.append("| ").append(w.wave()).append(' ').append(w.name().replace("|", "\\|")).append(" | ")
                        .append(r.figure()).append(" | ").append(r.predicted().replace("|", "\\|")).append(" | ")
                        .append(r.actual().replace("|", "\\|")).append(" |\n");
            }
        }
        return s.toString();
    }

    private record Row(String figure, String predicted, String actual) {
    }

    private static List<Row> rows(Wave w) {
        WaveFigures p = w.predicted();
        WaveFigures a = w.actual();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("duration_s", seconds(p.duration()), seconds(a.duration())));
        rows.add(new Row("devices", "" + p.devices(), "" + a.devices()));
        rows.add(new Row("succeeded", "" + p.succeeded(), "" + a.succeeded()));
        rows.add(new Row("failed", "" + p.failed(), "" + a.failed()));
        rows.add(new Row("skipped", "" + p.skipped(), "" + a.skipped()));
        rows.add(new Row("offline", "" + p.offline(), "" + a.offline()));
        rows.add(new Row("stuck", "" + p.stuck(), "" + a.stuck()));
        rows.add(new Row("queries", "" + p.queries(), "" + a.queries()));
        rows.add(new Row("queries_per_min", number(p.queriesPerMinute()), number(a.queriesPerMinute())));
        if (p.queryBudgetPercent() != null) {
            rows.add(new Row("query_budget_pct", number(p.queryBudgetPercent()), number(a.queryBudgetPercent())));
        }
        rows.add(new Row("job_operations", "" + p.jobOperations(), "" + a.jobOperations()));
        rows.add(new Row("job_operations_per_min", number(p.jobOperationsPerMinute()),
                number(a.jobOperationsPerMinute())));
        if (p.jobBudgetPercent() != null) {
            rows.add(new Row("job_budget_pct", number(p.jobBudgetPercent()), number(a.jobBudgetPercent())));
        }
        rows.add(new Row("paused_by", String.join("; ", p.pausedBy()), String.join("; ", a.pausedBy())));
        return rows;
    }

    private static String seconds(Duration d) {
        return d == null ? "" : String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A cell a spreadsheet will not run as a formula (wave names and pause reasons are not the reader's text). */
    private static String safe(String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        char c = text.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + text : text;
    }
}
