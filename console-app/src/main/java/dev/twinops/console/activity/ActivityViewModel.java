package dev.twinops.console.activity;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.TaskRunner;
import dev.twinops.rollout.audit.AuditEntry;
import dev.twinops.rollout.audit.AuditJournal;
import dev.twinops.rollout.audit.VerifyResult;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Activity tab: the audit journal, newest first, narrowed by a text filter, exported as CSV; and a banner when
 * the journal's hash chain shows a line was edited, removed or cut off. The journal is read (and verified) off the
 * FX thread, and only when its file changed since the last read.
 */
public final class ActivityViewModel {

    /** One journal entry as listed, with the text the filter searches. */
    public record ActivityRow(AuditEntry entry, String searchText) {
        static ActivityRow of(AuditEntry e) {
            return new ActivityRow(e, String.join(" ", String.valueOf(e.time()), String.valueOf(e.hub()), e.action(),
                    String.join(" ", e.targets()), String.join(" ", e.jobIds()), String.valueOf(e.outcome()),
                    String.valueOf(e.details())).toLowerCase(Locale.ROOT));
        }
    }

    private record Read(List<AuditEntry> entries, VerifyResult verified, String stamp) {
    }

    private final AuditJournal journal;
    private final TaskRunner tasks;
    private final ObservableList<ActivityRow> rows = FXCollections.observableArrayList();
    private final FilteredList<ActivityRow> shown = new FilteredList<>(rows);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper(this, "banner", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private volatile String lastStamp = "";
    private boolean reading;

    public ActivityViewModel(AuditJournal journal, TaskRunner tasks) {
        this.journal = Objects.requireNonNull(journal);
        this.tasks = Objects.requireNonNull(tasks);
        filter.addListener((obs, old, text) -> {
            String f = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            shown.setPredicate(f.isEmpty() ? null : row -> row.searchText().contains(f));
        });
    }

    /** Entries matching the filter, newest first. */
    public ObservableList<ActivityRow> shownRows() {
        return shown;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    /** What {@code verify()} found wrong with the journal; "" while it is intact. */
    public ReadOnlyStringProperty bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Reads the journal again if its file changed (FX thread; the reading runs in the background). */
    public void refresh() {
        if (reading) {
            return;
        }
        reading = true;
        tasks.run(BackgroundTask.of(() -> {
            String stamp = stamp();
            if (stamp.equals(lastStamp)) {
                return null;
            }
            return new Read(journal.entries(), journal.verify(), stamp);
        }).onSuccess(read -> {
            reading = false;
            if (read != null) {
                apply(read);
            }
        }).onFailure(e -> {
            reading = false;
            message.set("The journal " + journal.file() + " could not be read: " + e.getMessage());
        }));
    }

    private void apply(Read read) {
        lastStamp = read.stamp();
        List<ActivityRow> newest = new ArrayList<>();
        for (AuditEntry e : read.entries()) {
            newest.add(ActivityRow.of(e));
        }
        Collections.reverse(newest);
        rows.setAll(newest);
        VerifyResult v = read.verified();
        banner.set(v.intact() ? "" : "The journal has been tampered with: " + v.problem() + ". Entries from line "
                + v.badLine() + " on cannot be trusted (" + journal.file() + ").");
        message.set(v.intact() ? read.entries().size() + " entries; the hash chain is intact." : "");
    }

    /** Writes the entries the filter shows to {@code file} as CSV, off the FX thread. */
    public void export(Path file) {
        List<AuditEntry> entries = shown.stream().map(ActivityRow::entry).toList();
        message.set("Writing " + file.getFileName() + "...");
        tasks.run(BackgroundTask.running(() -> {
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                 CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader("seq", "time", "hub",
                         "action", "targets", "job_ids", "outcome", "details", "hash").get())) {
                for (AuditEntry e : entries) {
                    csv.printRecord(e.seq(), e.time(), safe(e.hub()), safe(e.action()),
                            safe(String.join(" ", e.targets())), safe(String.join(" ", e.jobIds())),
                            safe(e.outcome()), safe(String.valueOf(e.details())), e.hash());
                }
            }
        }).onSuccess(v -> message.set(entries.size() + " entries written to " + file + "."))
                .onFailure(e -> message.set("The export failed: " + e.getMessage())));
    }

    /** A cell a spreadsheet will not run as a formula (targets and outcomes come from devices and hubs). */
    static String safe(String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        char c = text.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + text : text;
    }

    private String stamp() throws java.io.IOException {
        Path file = journal.file();
        Path head = file.resolveSibling(file.getFileName() + ".head");
        return part(file) + "|" + part(head);
    }

    private static String part(Path p) throws java.io.IOException {
        if (!Files.exists(p)) {
            return "-";
        }
        FileTime t = Files.getLastModifiedTime(p);
        return Files.size(p) + "@" + t.toMillis() + "/" + Files.readAttributes(p,
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }
}
