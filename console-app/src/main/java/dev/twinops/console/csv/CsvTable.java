package dev.twinops.console.csv;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV file the console exports: RFC 4180 quoting by Apache Commons CSV, UTF-8, a header row, and every cell made
 * safe to open in a spreadsheet ({@link #safeCell}). Rows are written as they come (an export of 10,000 devices
 * streams), into a temporary file next to the target that replaces it on {@link #commit}, so a failed export leaves
 * no half-written file behind.
 */
public final class CsvTable implements Closeable {

    /** Cells a spreadsheet would read as a formula (or a DDE call) start with one of these. */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();

    private final Path target;
    private final Path temporary;
    private final CSVPrinter printer;
    private final int columns;
    private long rows;
    private boolean committed;

    private CsvTable(Path target, List<String> header) throws IOException {
        this.target = target.toAbsolutePath();
        this.columns = header.size();
        Path dir = this.target.getParent();
        this.temporary = Files.createTempFile(dir, "." + this.target.getFileName(), ".tmp");
        BufferedWriter writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
        this.printer = new CSVPrinter(writer, FORMAT);
        printer.printRecord(header.stream().map(CsvTable::safeCell).toList());
    }

    /** Starts a table with its header row (the columns' names). */
    public static CsvTable create(Path target, List<String> header) throws IOException {
        Objects.requireNonNull(target, "target");
        if (header.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        return new CsvTable(target, header);
    }

    /** Writes a row; nulls are empty cells. */
    public void row(List<String> cells) {
        if (cells.size() != columns) {
            throw new IllegalArgumentException("a row has " + columns + " cells, not " + cells.size());
        }
        List<String> safe = new ArrayList<>(cells.size());
        for (String cell : cells) {
            safe.add(safeCell(cell));
        }
        try {
            printer.printRecord(safe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows++;
    }

    /** Rows written so far (without the header). */
    public long rows() {
        return rows;
    }

    /** Puts the finished file in place of the target. */
    public void commit() throws IOException {
        printer.close(true);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    /** Without a commit, drops the temporary file: the target stays as it was. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                printer.close();
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /**
     * The cell as text a spreadsheet shows as text: one starting with = + - @ tab or carriage return gets a leading
     * apostrophe (OWASP's advice against CSV injection), so "=HYPERLINK(...)" in a tag is not run on opening.
     */
    public static String safeCell(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        return FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }
}
