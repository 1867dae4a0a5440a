package dev.twinops.console.connection;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import dev.twinops.hub.HubConnectionInfo;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * "Open a local hub...": the hub's data directory or connection.json, and a name (suggested from the directory).
 * On Open the hub is read, trusted for its address and tried before it is saved; what is wrong with the location
 * is said next to it.
 */
public final class OpenLocalHubViewModel {

    private final ConnectionViewModel connection;

    private final StringProperty location = new SimpleStringProperty(this, "location", "");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final ReadOnlyStringWrapper locationProblem = new ReadOnlyStringWrapper(this, "locationProblem", "");
    private final ReadOnlyStringWrapper nameProblem = new ReadOnlyStringWrapper(this, "nameProblem", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private String suggestedName = "";

    public OpenLocalHubViewModel(ConnectionViewModel connection) {
        this.connection = connection;
        location.addListener((obs, old, text) -> {
            locationProblem.set("");
            suggestName(text);
        });
        name.addListener((obs, old, text) -> nameProblem.set(""));
    }

    /** The data directory (the hub's --data) or its connection.json, as typed or chosen. */
    public StringProperty locationProperty() {
        return location;
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** What is wrong with the location (no such directory, hub not running, ...); "" when nothing is known. */
    public ReadOnlyStringProperty locationProblemProperty() {
        return locationProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nameProblemProperty() {
        return nameProblem.getReadOnlyProperty();
    }

    /** True while the hub is being tried. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Tries the hub; on success it is saved and becomes the active hub, then {@code onOpened} runs. */
    public void open(Runnable onOpened) {
        if (busy.get()) {
            return;
        }
        Path path = path();
        if (path == null) {
            return;
        }
        String problemWithName = connection.validateName(name.get());
        if (problemWithName != null) {
            nameProblem.set(problemWithName);
            return;
        }
        busy.set(true);
        connection.openLocalHub(name.get(), path, message -> {
            busy.set(false);
            locationProblem.set(message);
        }, () -> {
            busy.set(false);
            onOpened.run();
        });
    }

    private Path path() {
        String text = location.get() == null ? "" : location.get().strip();
        if (text.isEmpty()) {
            locationProblem.set("Choose the hub's data directory (the --data DIR it was started with) "
                    + "or the connection.json in it.");
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            locationProblem.set("\"" + text + "\" is not a path: " + e.getReason() + ".");
            return null;
        }
    }

    /** The directory's name, e.g. "staging-hub" for /srv/staging-hub or /srv/staging-hub/connection.json. */
    private void suggestName(String text) {
        String current = name.get() == null ? "" : name.get().strip();
        if (!current.isEmpty() && !current.equals(suggestedName)) {
            return; // the operator typed their own
        }
        String suggestion = "";
        try {
            Path path = Path.of(text == null ? "" : text.strip());
            if (path.getFileName() != null && path.getFileName().toString().equals(HubConnectionInfo.FILE_NAME)) {
                path = path.getParent();
            }
            if (path != null && path.getFileName() != null) {
                suggestion = path.getFileName().toString();
            }
        } catch (InvalidPathException e) {
            // no suggestion for what is not a path; Open says why
        }
        suggestedName = suggestion;
        name.set(suggestion);
    }
}
