package dev.twinops.console.imports;

import java.util.Objects;
import java.util.function.Supplier;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.SavedConnection;
import dev.twinops.console.connection.SavedConnectionsStore;
import dev.twinops.hub.HubConnectionInfo;

/**
 * The {@link ImportHub} of the hub the console uses now. The bulk request is signed with the connection string's
 * key, which the SDK clients do not give out: the embedded hub's comes from the hub itself, an Azure hub's from
 * the saved connections (owner-only file), read when an import starts.
 */
public final class ImportHubs {

    private final Supplier<HubConnection> hub;
    private final Supplier<HubConnectionInfo> localHub;
    private final SavedConnectionsStore savedConnections;

    public ImportHubs(Supplier<HubConnection> hub, Supplier<HubConnectionInfo> localHub,
                      SavedConnectionsStore savedConnections) {
        this.hub = Objects.requireNonNull(hub);
        this.localHub = Objects.requireNonNull(localHub);
        this.savedConnections = Objects.requireNonNull(savedConnections);
    }

    /** The current hub's import calls (blocking: may read the saved connections). */
    public ImportHub current() throws Exception {
        HubConnection current = hub.get();
        if (current == null) {
            throw new IllegalStateException("Connect to a hub first.");
        }
        if (current.kind() == HubConnection.Kind.LOCAL) {
            HubConnectionInfo info = localHub.get();
            if (info == null) {
                throw new IllegalStateException("The local hub is not running.");
            }
            return new SdkImportHub(info.serviceEndpoint(), info.serviceConnectionString(), current.twins(),
                    current.queries());
        }
        for (SavedConnection saved : savedConnections.load()) {
            if (saved.name().equals(current.displayName())) {
                return new SdkImportHub(current.endpoint(), saved.connectionString().secretValue(), current.twins(),
                        current.queries());
            }
        }
        throw new IllegalStateException("The connection string of " + current.displayName() + " is not saved.");
    }
}
