package dev.twinops.console.connection;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * "Connect to Azure IoT Hub...": checks the pasted connection string as it is typed, suggests a name,
 * and on Connect tries the hub before saving it. Only a masked summary of the string is ever shown.
 */
public final class ConnectDialogViewModel {

    private final ConnectionViewModel connection;

    private final StringProperty connectionString = new SimpleStringProperty(this, "connectionString", "");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private String suggestedName = "";

    public ConnectDialogViewModel(ConnectionViewModel connection) {
        this.connection = connection;
        connectionString.addListener((obs, old, text) -> check(false));
        name.addListener((obs, old, text) -> {
            if (!problem.get().isEmpty()) {
                check(false);
            }
        });
    }

    public StringProperty connectionStringProperty() {
        return connectionString;
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** "my-hub.azure-devices.net, policy iothubowner, key abcd…(hidden)" for a string that parses. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** What stops Connect, "" when nothing does. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** True while the hub is being tried. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /**
     * Tries the hub; on success it is saved and becomes the active hub, then {@code onConnected} runs
     * (the dialog closes). On failure the problem says why and nothing is saved.
     */
    public void connect(Runnable onConnected) {
        if (busy.get()) {
            return;
        }
        ServiceConnectionString parsed = check(true);
        if (parsed == null) {
            return;
        }
        String problemWithName = connection.validateName(name.get());
        if (problemWithName != null) {
            problem.set(problemWithName);
            return;
        }
        busy.set(true);
        problem.set("");
        connection.addAzureHub(name.get(), parsed, message -> {
            busy.set(false);
            problem.set(message);
        }, () -> {
            busy.set(false);
            onConnected.run();
        });
    }

    /** A loopback host: a local hub's connection string pasted here would be tried on port 443 without its CA. */
    private static boolean isLocalHub(String host) {
        return host.startsWith("127.") || host.equalsIgnoreCase("localhost");
    }

    private ServiceConnectionString check(boolean submitting) {
        String text = connectionString.get();
        if (!submitting && (text == null || text.isBlank())) {
            summary.set("");
            problem.set("");
            return null;
        }
        try {
            ServiceConnectionString parsed = ServiceConnectionString.parse(text);
            if (isLocalHub(parsed.hostName())) {
                summary.set("");
                problem.set("HostName " + parsed.hostName() + " is a local hub: open it with Hub > Open a local hub... "
                        + "and its data directory, which also gives the console its port and CA.");
                return null;
            }
            summary.set(parsed.hostName() + ", policy " + parsed.policyName() + ", key " + parsed.maskedKey());
            problem.set("");
            String currentName = name.get() == null ? "" : name.get().strip();
            if (currentName.isEmpty() || currentName.equals(suggestedName)) {
                suggestedName = parsed.hubName();
                name.set(suggestedName);
            }
            return parsed;
        } catch (InvalidConnectionStringException e) {
            summary.set("");
            problem.set(e.getMessage());
            return null;
        }
    }
}
