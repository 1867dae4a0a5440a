package dev.twinops.console.activity;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.rollout.audit.AuditEvent;
import dev.twinops.rollout.audit.AuditJournal;
import dev.twinops.rollout.hub.HubHost;

/**
 * The console's one audit journal (the rollout engine's hash-chained {@link AuditJournal}), written on a thread of
 * its own: an append syncs to disk, and operator actions are recorded from the FX thread. Secrets never enter it
 * (the journal redacts them).
 */
public final class ConsoleJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleJournal.class);

    private final AuditJournal journal;
    private final ExecutorService writer;
    private final Supplier<String> hubName;
    private final Runnable appended;

    /**
     * @param writer   one thread: entries are appended in the order they were recorded
     * @param hubName  the hub the console works on now (its endpoint or host name), for each entry
     * @param appended told after each append (from the writer thread)
     */
    public ConsoleJournal(AuditJournal journal, ExecutorService writer, Supplier<String> hubName, Runnable appended) {
        this.journal = Objects.requireNonNull(journal);
        this.writer = Objects.requireNonNull(writer);
        this.hubName = Objects.requireNonNull(hubName);
        this.appended = Objects.requireNonNull(appended);
    }

    public AuditJournal journal() {
        return journal;
    }

    /**
     * An event of {@code action} on the current hub, to fill in and {@link #record}. The hub is named by its host
     * name ({@link HubHost#of}: no port, lower case), as the rollout engine names it, so one hub's lines match.
     */
    public AuditEvent event(String action) {
        return AuditEvent.of(action, HubHost.of(hubName.get()));
    }

    /** Appends the event soon; returns at once. */
    public void record(AuditEvent event) {
        writer.execute(() -> {
            try {
                journal.append(event);
                appended.run();
            } catch (IOException | RuntimeException e) {
                LOG.error("Could not write {} to the audit journal {}: {}", event.action(), journal.file(),
                        e.toString());
            }
        });
    }

    @Override
    public void close() {
        writer.shutdown(); // entries already recorded are still written
    }
}
