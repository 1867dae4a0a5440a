package dev.twinops.console.imports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.twinops.console.csv.CsvTable;

/** An import's outcome, one entry per row of the file, in file order; exportable as CSV (never with keys). */
public record ImportReport(String fileName, ImportMode mode, List<ImportOutcome> outcomes) {

    public static final List<String> CSV_HEADER = List.of("Line", "Device ID", "Result", "Error code", "Message");

    public ImportReport {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mode, "mode");
        outcomes = List.copyOf(outcomes);
    }

    public Map<ImportOutcome.Result, Integer> counts() {
        Map<ImportOutcome.Result, Integer> counts = new EnumMap<>(ImportOutcome.Result.class);
        outcomes.forEach(o -> counts.merge(o.result(), 1, Integer::sum));
        return counts;
    }

    public int count(ImportOutcome.Result result) {
        return counts().getOrDefault(result, 0);
    }

    /** "12 created, 3 updated, 1 failed, 2 not sent", only the results that occurred. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        counts().forEach((result, n) -> {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(String.format(Locale.ROOT, "%,d ", n)).append(result);
        });
        return text.isEmpty() ? "nothing imported" : text.toString();
    }

    /** Writes the per-row results (line, device, result, error code, message) to {@code file}; blocking. */
    public void export(Path file) throws IOException {
        try (CsvTable table = CsvTable.create(file, CSV_HEADER)) {
            for (ImportOutcome o : outcomes) {
                table.row(List.of(Long.toString(o.line()), o.deviceId(), o.result().toString(), o.errorCode(),
                        o.message()));
            }
            table.commit();
        }
    }
}
