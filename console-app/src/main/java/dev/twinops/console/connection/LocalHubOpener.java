package dev.twinops.console.connection;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import dev.twinops.hubclient.trust.PerHubTrust;

/**
 * Opens a local hub that runs outside the console (a standalone {@code hub-emulator.jar --data DIR}, another
 * console's hub, a hub in a container): reads its connection.json, trusts its CA for its address only, and proves
 * it answers. Blocking: call it off the FX thread.
 */
public final class LocalHubOpener {

    private final HubConnector connector;
    private final HubProbe probe;
    private final PerHubTrust trust;

    public LocalHubOpener(HubConnector connector, HubProbe probe, PerHubTrust trust) {
        this.connector = Objects.requireNonNull(connector);
        this.probe = Objects.requireNonNull(probe);
        this.trust = Objects.requireNonNull(trust);
    }

    /**
     * @param location the hub's data directory or its connection.json
     * @throws LocalHubFileException with a message for the operator: no such directory, hub not running, or the
     *                               hub does not answer where its file says
     */
    public HubConnection open(String name, Path location) throws LocalHubFileException {
        LocalHubFile file = LocalHubFile.read(location);
        try {
            trust.trust(file.serviceEndpoint(), file.caCertificate());
        } catch (Exception e) {
            throw new LocalHubFileException(e.getMessage());
        }
        HubConnection connection = connector.connectLocal(name, file.serviceEndpoint(),
                file.serviceConnectionString(), file.tier(), Optional.of(file));
        try {
            probe.countDevices(connection);
            return connection;
        } catch (Exception e) {
            connection.close();
            String why = HubErrors.describe(e, HubAction.COUNT_DEVICES, file.serviceEndpoint(),
                    connection.policyName());
            throw new LocalHubFileException(HubErrors.isUnreachable(e)
                    ? "No hub answers at " + file.serviceEndpoint() + ", where " + file.connectionFile()
                    + " says it listens: the hub may have stopped without removing the file. " + why
                    : why);
        }
    }
}
