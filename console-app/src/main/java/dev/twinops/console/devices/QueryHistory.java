package dev.twinops.console.devices;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.TaskRunner;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The query bar's memory: the distinct queries that ran, newest first, and the named ones, kept in the
 * {@link QueryLibrary} file (read and written off the FX thread). FX thread.
 */
final class QueryHistory {

    private static final Logger LOG = LoggerFactory.getLogger(QueryHistory.class);

    private final QueryLibrary library;
    private final TaskRunner tasks;
    private final ObservableList<String> ran = FXCollections.observableArrayList();
    private final ObservableList<SavedQuery> saved = FXCollections.observableArrayList();

    QueryHistory(QueryLibrary library, TaskRunner tasks) {
        this.library = Objects.requireNonNull(library);
        this.tasks = Objects.requireNonNull(tasks);
    }

    /** Distinct queries that ran, newest first. */
    ObservableList<String> ran() {
        return ran;
    }

    ObservableList<SavedQuery> saved() {
        return saved;
    }

    /** Reads the history and named queries. */
    void load() {
        tasks.run(BackgroundTask.of(library::load)
                .onSuccess(contents -> {
                    ran.setAll(contents.history());
                    saved.setAll(contents.saved());
                })
                .onFailureInBackground(e -> LOG.warn("Could not read the query library", e)));
    }

    /** A query ran: it moves to the top of the history. */
    void remember(DeviceQuery query) {
        String text = query.historyText();
        if (text.isEmpty()) {
            return;
        }
        ran.remove(text);
        ran.add(0, text);
        if (ran.size() > QueryLibrary.HISTORY_SIZE) {
            ran.remove(QueryLibrary.HISTORY_SIZE, ran.size());
        }
        persist();
    }

    /** Names a query. Returns the problem, or null when saved; an existing name is replaced. */
    String save(String name, String queryText) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            return "Give the query a name.";
        }
        String text = queryText == null ? "" : queryText.strip();
        try {
            DeviceQuery.parse(text);
        } catch (InvalidDeviceQueryException e) {
            return e.getMessage();
        }
        saved.removeIf(q -> q.name().equals(trimmed));
        saved.add(new SavedQuery(trimmed, text));
        persist();
        return null;
    }

    void delete(SavedQuery query) {
        if (saved.remove(query)) {
            persist();
        }
    }

    private void persist() {
        QueryLibrary.Contents contents = new QueryLibrary.Contents(ran, saved);
        tasks.run(BackgroundTask.running(() -> library.save(contents))
                .onFailureInBackground(e -> LOG.warn("Could not save the query library", e)));
    }
}
