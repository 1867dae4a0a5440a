package dev.twinops.console.imports;

import java.util.Objects;
import java.util.function.Consumer;

import dev.twinops.console.activity.ConsoleJournal;

/**
 * Records each import in the audit journal: the file, the mode, the registered devices (the journal keeps the
 * first hundred ids) and the counts per result. Keys are not in the report, so they cannot reach the journal.
 */
public final class ImportAudit implements Consumer<ImportReport> {

    private final ConsoleJournal journal;

    public ImportAudit(ConsoleJournal journal) {
        this.journal = Objects.requireNonNull(journal);
    }

    @Override
    public void accept(ImportReport report) {
        var event = journal.event("devices.import")
                .targets(report.outcomes().stream().filter(o -> o.result().registered())
                        .map(ImportOutcome::deviceId).toList())
                .detail("file", report.fileName())
                .detail("mode", report.mode().wireName())
                .detail("rows", report.outcomes().size());
        for (var count : report.counts().entrySet()) {
            event = event.detail(count.getKey().name().toLowerCase(java.util.Locale.ROOT), count.getValue());
        }
        journal.record(event.outcome(report.summary()));
    }
}
