package dev.twinops.console.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.hub.HubConfig;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.tls.TrustedCertificates;

/**
 * The local IoT Hub running inside the console's JVM: the default hub, needing no configuration. Its CA is
 * added to the JVM-wide trust (on top of the JDK roots, so Azure keeps working in the same process). While it runs,
 * {@code connection.json} in its data directory (owner-only) lets a simulator started in a terminal join it:
 * {@code java -jar device-simulator.jar --hub-data ~/.twinops/local-hub --count 1000}.
 */
public final class EmbeddedLocalHub implements LocalHubRunner {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLocalHub.class);

    private final HubConfig config;
    private LocalHub hub;

    public EmbeddedLocalHub(Path dataDirectory, String bindAddress, int httpsPort) {
        this.config = HubConfig.builder()
                .dataDirectory(Objects.requireNonNull(dataDirectory, "dataDirectory"))
                .bindAddress(bindAddress)
                .httpsPort(httpsPort)
                .build();
    }

    @Override
    public synchronized LocalHubEndpoint start() throws Exception {
        if (hub == null) {
            LOG.info("Starting the local hub on {}:{} with data in {}", config.bindAddress(), config.httpsPort(),
                    config.dataDirectory());
            hub = LocalHub.start(config);
            TrustedCertificates.installJvmWide(hub.connectionInfo().caCertificatePath());
            try {
                hub.connectionInfo().writeTo(connectionFile());
            } catch (IOException e) {
                // the console works without it; only a simulator in a terminal would miss it
                LOG.warn("Cannot write {}: {}", connectionFile(), e.getMessage());
            }
        }
        return endpoint();
    }

    @Override
    public synchronized LocalHubEndpoint restart() throws Exception {
        if (hub != null) {
            LOG.info("Restarting the local hub");
            removeConnectionFile();
            hub.close();
            hub = null;
        }
        return start();
    }

    /** The running hub's connection details (for the simulator launcher and tests); null when stopped. */
    public synchronized HubConnectionInfo connectionInfo() {
        return hub == null ? null : hub.connectionInfo();
    }

    /** The running hub, null when stopped. */
    public synchronized LocalHub hub() {
        return hub;
    }

    @Override
    public synchronized void close() {
        if (hub != null) {
            LOG.info("Stopping the local hub");
            removeConnectionFile();
            hub.close();
            hub = null;
        }
    }

    /** Where the running hub's connection details are for other processes. */
    public Path connectionFile() {
        return config.dataDirectory().toAbsolutePath().resolve(HubConnectionInfo.FILE_NAME);
    }

    private void removeConnectionFile() {
        try {
            Files.deleteIfExists(connectionFile());
        } catch (IOException e) {
            LOG.warn("Cannot remove {}: {}", connectionFile(), e.getMessage());
        }
    }

    private LocalHubEndpoint endpoint() {
        HubConnectionInfo info = hub.connectionInfo();
        return new LocalHubEndpoint(info.serviceEndpoint(), info.serviceConnectionString());
    }
}
