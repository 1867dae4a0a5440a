package dev.twinops.console.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.hub.HubConfig;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.hub.LocalHub;
import dev.twinops.hubclient.trust.PerHubTrust;

/**
 * The local IoT Hub running inside the console's JVM: the default hub, needing no configuration. Its CA is
 * trusted for its own address only ({@link PerHubTrust}; Azure keeps the JDK roots). It throttles as the tier the
 * operator chose (unlimited by default) and says so in its connection file. While it runs,
 * {@code connection.json} in its data directory (owner-only) lets a simulator started in a terminal join it:
 * {@code java -jar device-simulator.jar --hub-data ~/.twinops/local-hub --count 1000}.
 */
public final class EmbeddedLocalHub implements LocalHubRunner {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLocalHub.class);

    private final Path dataDirectory;
    private final int httpsPort;
    private final LocalHubAddresses addresses;
    private final Consumer<String> keepAddress;
    private String wantedAddress;
    private Optional<String> note = Optional.empty();
    private volatile LocalHubTier tier = LocalHubTier.UNLIMITED;
    private LocalHubTier startedTier = LocalHubTier.UNLIMITED;
    private LocalHub hub;

    public EmbeddedLocalHub(Path dataDirectory, String bindAddress, int httpsPort) {
        this(dataDirectory, bindAddress, httpsPort, new LocalHubAddresses(), address -> { });
    }

    /**
     * @param bindAddress the wanted address; when port 8883 or {@code httpsPort} is taken there, {@code addresses}
     *                    picks another and {@code keepAddress} is told it (to save it for the next start)
     */
    public EmbeddedLocalHub(Path dataDirectory, String bindAddress, int httpsPort, LocalHubAddresses addresses,
                            Consumer<String> keepAddress) {
        this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        this.wantedAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.httpsPort = httpsPort;
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.keepAddress = Objects.requireNonNull(keepAddress, "keepAddress");
    }

    /** The tier the next start applies (the running hub keeps its own until restarted). */
    public void useTier(LocalHubTier newTier) {
        this.tier = Objects.requireNonNull(newTier, "tier");
    }

    /** The tier the hub throttles as (or will, at its next start). */
    public LocalHubTier tier() {
        return tier;
    }

    @Override
    public synchronized LocalHubEndpoint restartWithTier(LocalHubTier newTier) throws Exception {
        useTier(newTier);
        return restart();
    }

    @Override
    public synchronized LocalHubEndpoint start() throws Exception {
        if (hub == null) {
            LocalHubAddresses.Choice choice = addresses.choose(wantedAddress, httpsPort);
            note = choice.note();
            if (!choice.address().equals(wantedAddress)) {
                LOG.warn("{}", choice.note().orElse("The local hub moves to " + choice.address()));
                wantedAddress = choice.address();
                keepAddress.accept(choice.address());
            }
            HubConfig.Builder builder = HubConfig.builder()
                    .dataDirectory(dataDirectory)
                    .bindAddress(choice.address())
                    .httpsPort(httpsPort);
            LocalHubTier applied = tier;
            applied.optionalTier().ifPresent(t -> builder.tier(t, applied.units()));
            HubConfig config = builder.build();
            LOG.info("Starting the local hub on {}:{} with data in {}, tier {}", config.bindAddress(),
                    config.httpsPort(), config.dataDirectory(), applied.describe());
            hub = LocalHub.start(config);
            startedTier = applied;
            PerHubTrust.jvm().trust(hub.connectionInfo().serviceEndpoint(), hub.connectionInfo().caCertificatePath());
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
        // a restart is also how the operator retries after freeing the port, so the address is chosen again
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
        return dataDirectory.toAbsolutePath().resolve(HubConnectionInfo.FILE_NAME);
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
        return new LocalHubEndpoint(info.serviceEndpoint(), info.serviceConnectionString(), note,
                Optional.of(startedTier));
    }
}
