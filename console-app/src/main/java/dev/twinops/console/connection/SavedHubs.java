package dev.twinops.console.connection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.TaskRunner;

/**
 * The hubs the operator saved, Azure and opened local ones, by their unique names; every change is written to the
 * owner-only store off the UI thread. Used on the UI thread only.
 */
final class SavedHubs {

    private static final Logger LOG = LoggerFactory.getLogger(SavedHubs.class);

    private final SavedConnectionsStore store;
    private final TaskRunner tasks;
    private final Consumer<String> onProblem;
    private final Map<String, SavedConnection> azure = new LinkedHashMap<>();
    private final Map<String, SavedLocalHub> local = new LinkedHashMap<>();

    SavedHubs(SavedConnectionsStore store, TaskRunner tasks, Consumer<String> onProblem) {
        this.store = store;
        this.tasks = tasks;
        this.onProblem = onProblem;
    }

    /** Reads the store; {@code onLoaded} gets a selector entry per saved hub, local hubs first. */
    void load(Consumer<List<HubChoice>> onLoaded) {
        tasks.run(BackgroundTask.of(store::loadAll)
                .onSuccess(loaded -> {
                    List<HubChoice> choices = new ArrayList<>();
                    for (SavedLocalHub hub : loaded.localHubs()) {
                        local.put(hub.name(), hub);
                        choices.add(HubChoice.openedLocal(hub.name()));
                    }
                    for (SavedConnection connection : loaded.azure()) {
                        azure.put(connection.name(), connection);
                        choices.add(HubChoice.azure(connection.name()));
                    }
                    onLoaded.accept(choices);
                })
                .onFailure(e -> {
                    LOG.warn("Could not read saved connections from {}", store.file(), e);
                    onProblem.accept("Saved connections could not be read: " + e.getMessage());
                }));
    }

    SavedConnection azure(String name) {
        return azure.get(name);
    }

    SavedLocalHub local(String name) {
        return local.get(name);
    }

    void add(SavedConnection connection) {
        azure.put(connection.name(), connection);
        persist();
    }

    void add(SavedLocalHub hub) {
        local.put(hub.name(), hub);
        persist();
    }

    /** Forgets a saved hub; false if there was none by that choice. */
    boolean remove(HubChoice choice) {
        Object removed = switch (choice.source()) {
            case AZURE -> azure.remove(choice.name());
            case OPENED_LOCAL -> local.remove(choice.name());
            case EMBEDDED -> null;
        };
        if (removed != null) {
            persist();
        }
        return removed != null;
    }

    /** The problem with a name for a new saved hub, or null if it can be used. */
    String validateName(String name) {
        if (name == null || name.isBlank()) {
            return "Give the hub a name, e.g. the hub's own name.";
        }
        String trimmed = name.strip();
        if (trimmed.equalsIgnoreCase(HubChoice.LOCAL.name())) {
            return "\"" + HubChoice.LOCAL.name() + "\" is the embedded hub; choose another name.";
        }
        if (azure.containsKey(trimmed) || local.containsKey(trimmed)) {
            return "A saved hub is already called \"" + trimmed + "\".";
        }
        return null;
    }

    private void persist() {
        List<SavedConnection> azureSnapshot = new ArrayList<>(azure.values());
        List<SavedLocalHub> localSnapshot = new ArrayList<>(local.values());
        tasks.run(BackgroundTask.running(() -> store.save(azureSnapshot, localSnapshot))
                .onFailure(e -> {
                    LOG.error("Could not save hub connections to {}", store.file(), e);
                    onProblem.accept("Could not save connections: " + e.getMessage());
                }));
    }
}
