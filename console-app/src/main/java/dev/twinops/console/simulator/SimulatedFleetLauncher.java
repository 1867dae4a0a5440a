package dev.twinops.console.simulator;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.SavedConnection;
import dev.twinops.console.connection.SavedConnectionsStore;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.simulator.fleet.FleetConfig;
import dev.twinops.simulator.fleet.FleetSummary;
import dev.twinops.simulator.fleet.HubTarget;
import dev.twinops.simulator.fleet.SimulatedFleet;

/**
 * Starts a {@link SimulatedFleet} in-process through the device-simulator library, against the hub the console
 * uses: the embedded local hub (its host, service endpoint, connection string and CA) or a saved Azure hub (its
 * connection string, public trust). The console already trusts the local hub's CA JVM-wide.
 */
public final class SimulatedFleetLauncher implements FleetLauncher {

    private final Supplier<HubConnection> hub;
    private final Supplier<HubConnectionInfo> localHub;
    private final SavedConnectionsStore savedConnections;

    /**
     * @param hub              the console's active hub
     * @param localHub         the embedded hub's connection details (null when it is not running)
     * @param savedConnections where an Azure hub's connection string is kept (owner-only file)
     */
    public SimulatedFleetLauncher(Supplier<HubConnection> hub, Supplier<HubConnectionInfo> localHub,
                                  SavedConnectionsStore savedConnections) {
        this.hub = Objects.requireNonNull(hub);
        this.localHub = Objects.requireNonNull(localHub);
        this.savedConnections = Objects.requireNonNull(savedConnections);
    }

    @Override
    public RunningFleet launch(FleetSpec spec) throws Exception {
        FleetConfig config = FleetConfig.builder(target())
                .count(spec.count())
                .prefix(spec.prefix())
                .faults(spec.faults())
                .seed(spec.seed())
                .bootTime(spec.bootTime())
                .bandwidthBytesPerSecond(spec.bandwidthBytesPerSecond())
                .installJvmTrust(false)
                .build();
        SimulatedFleet fleet = SimulatedFleet.start(config);
        return new RunningFleet() {
            @Override
            public void onSummary(Consumer<FleetSummary> listener, Executor executor) {
                fleet.addListener(listener::accept, executor);
            }

            @Override
            public void close() {
                fleet.close();
            }
        };
    }

    private HubTarget target() throws Exception {
        HubConnection current = hub.get();
        if (current == null) {
            throw new IllegalStateException("Connect to a hub first.");
        }
        if (current.kind() == HubConnection.Kind.LOCAL) {
            HubConnectionInfo info = localHub.get();
            if (info == null) {
                throw new IllegalStateException("The local hub is not running.");
            }
            return HubTarget.local(info.hostName(), info.serviceEndpoint(), info.serviceConnectionString(),
                    info.caCertificatePath());
        }
        for (SavedConnection saved : savedConnections.load()) {
            if (saved.name().equals(current.displayName())) {
                return HubTarget.azure(saved.connectionString().secretValue());
            }
        }
        throw new IllegalStateException("The connection string of " + current.displayName() + " is not saved.");
    }
}
