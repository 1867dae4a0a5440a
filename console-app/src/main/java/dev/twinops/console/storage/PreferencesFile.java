package dev.twinops.console.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@link ConsolePreferences} in a small JSON file. Changes arrive in bursts (a window being dragged, a divider
 * moved), so a write waits until they have settled for a moment and runs on the given executor, never on the
 * caller's (FX) thread; {@link #flush()} writes what is pending when the console closes.
 */
public final class PreferencesFile {

    private static final Logger LOG = LoggerFactory.getLogger(PreferencesFile.class);
    public static final Duration DEFAULT_QUIET_TIME = Duration.ofMillis(500);

    private final Path file;
    private final Object writeLock = new Object();
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private ScheduledExecutorService writer;
    private Duration quietTime = DEFAULT_QUIET_TIME;
    private ConsolePreferences current = ConsolePreferences.NONE;
    private ScheduledFuture<?> pending;
    private boolean dirty;
    private boolean closed;

    public PreferencesFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    public Path file() {
        return file;
    }

    /** Reads the file (blocking; before the window shows); a missing or unreadable one means no preferences. */
    public synchronized ConsolePreferences load() {
        if (Files.exists(file)) {
            try {
                current = mapper.readValue(file.toFile(), ConsolePreferences.class);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Settings {} could not be read ({}); starting with defaults", file, e.getMessage());
                current = ConsolePreferences.NONE;
            }
        }
        return current;
    }

    /** Writes later changes on {@code executor} once they have been quiet for {@code quiet}. */
    public synchronized void writeOn(ScheduledExecutorService executor, Duration quiet) {
        this.writer = Objects.requireNonNull(executor, "executor");
        this.quietTime = Objects.requireNonNull(quiet, "quiet");
    }

    public synchronized ConsolePreferences current() {
        return current;
    }

    /** Applies {@code change} now and schedules the write (any thread). */
    public synchronized void update(UnaryOperator<ConsolePreferences> change) {
        ConsolePreferences next = change.apply(current);
        if (closed || next.equals(current)) {
            return;
        }
        current = next;
        dirty = true;
        if (writer == null) {
            return; // written by flush()
        }
        if (pending != null) {
            pending.cancel(false);
        }
        try {
            pending = writer.schedule(this::flush, quietTime.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending = null; // closing: close() writes it
        }
    }

    /** Writes what is pending (blocking) and takes no more changes: the console is closing. */
    public void close() {
        synchronized (this) {
            closed = true;
            if (pending != null) {
                pending.cancel(false);
            }
        }
        flush();
    }

    /** Writes pending changes now (blocking). */
    public void flush() {
        synchronized (writeLock) { // one write at a time, so an older snapshot never lands after a newer one
            ConsolePreferences snapshot;
            synchronized (this) {
                if (!dirty) {
                    return;
                }
                dirty = false;
                snapshot = current;
            }
            try {
                AtomicFiles.write(file, mapper.writeValueAsString(snapshot));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Settings could not be written to {}: {}", file, e.getMessage());
            }
        }
    }
}
