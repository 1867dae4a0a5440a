package dev.twinops.console.imports;

import java.util.List;
import java.util.Objects;

/**
 * A CSV file read for import: its rows, or, when the file as a whole cannot be imported (not CSV, no id column,
 * empty, too large), why not.
 */
public record ImportFile(String fileName, List<ImportRow> rows, String problem) {

    public ImportFile {
        Objects.requireNonNull(fileName, "fileName");
        rows = List.copyOf(rows);
    }

    static ImportFile refused(String fileName, String problem) {
        return new ImportFile(fileName, List.of(), Objects.requireNonNull(problem));
    }

    public boolean usable() {
        return problem == null;
    }

    public List<ImportRow> validRows() {
        return rows.stream().filter(ImportRow::valid).toList();
    }

    public long invalidCount() {
        return rows.stream().filter(r -> !r.valid()).count();
    }
}
