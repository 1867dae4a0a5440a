package dev.twinops.console.simulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.LocalHubFile;
import dev.twinops.console.connection.SavedConnection;
import dev.twinops.console.connection.SavedConnectionsStore;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.simulator.cli.SimulatorCommand;
import dev.twinops.simulator.faults.FaultKind;
import dev.twinops.simulator.faults.FaultSettings;
import dev.twinops.simulator.fleet.FleetConfig;
import dev.twinops.simulator.fleet.FleetShape;
import dev.twinops.simulator.fleet.FleetSummary;
import dev.twinops.simulator.fleet.HubTarget;
import dev.twinops.simulator.fleet.SimulatedFleet;

/**
 * Starts a {@link SimulatedFleet} through the device-simulator library against the hub the console uses: the
 * embedded local hub or a local hub opened by its data directory (host, service endpoint, connection string and CA)
 * or a saved Azure hub (its connection
 * string, public trust). The fleet runs in-process, or for {@link FleetSpec#separateProcess()} as the simulator's
 * command line in a child JVM ({@link ChildProcessFleet}), which joins the local hub through the
 * {@code connection.json} in its data directory and gets an Azure connection string through its environment,
 * never its arguments. The console already trusts a local hub's CA for its address (see PerHubTrust).
 */
public final class SimulatedFleetLauncher implements FleetLauncher {

    private final Supplier<HubConnection> hub;
    private final Supplier<HubConnectionInfo> localHub;
    private final Supplier<Path> localHubDirectory;
    private final SavedConnectionsStore savedConnections;
    private final Path childLog;

    /**
     * @param hub               the console's active hub
     * @param localHub          the embedded hub's connection details (null when it is not running)
     * @param localHubDirectory the embedded hub's data directory, holding its connection.json while it runs
     * @param savedConnections  where an Azure hub's connection string is kept (owner-only file)
     * @param childLog          where a fleet in a separate process logs (replaced at each launch)
     */
    public SimulatedFleetLauncher(Supplier<HubConnection> hub, Supplier<HubConnectionInfo> localHub,
                                  Supplier<Path> localHubDirectory, SavedConnectionsStore savedConnections,
                                  Path childLog) {
        this.hub = Objects.requireNonNull(hub);
        this.localHub = Objects.requireNonNull(localHub);
        this.localHubDirectory = Objects.requireNonNull(localHubDirectory);
        this.savedConnections = Objects.requireNonNull(savedConnections);
        this.childLog = Objects.requireNonNull(childLog);
    }

    /** The hub to start devices against: a local hub's details and data directory, or an Azure connection string. */
    private record Target(LocalTarget local, String azureConnectionString) {
    }

    private record LocalTarget(String hostName, String serviceEndpoint, String serviceConnectionString,
                               Path caCertificate, Path dataDirectory) {
    }

    @Override
    public RunningFleet launch(FleetSpec spec) throws Exception {
        Target target = target();
        return spec.separateProcess() ? launchChild(spec, target) : launchInProcess(spec, target);
    }

    private RunningFleet launchInProcess(FleetSpec spec, Target target) throws Exception {
        HubTarget hubTarget = target.local() != null
                ? HubTarget.local(target.local().hostName(), target.local().serviceEndpoint(),
                        target.local().serviceConnectionString(), target.local().caCertificate())
                : HubTarget.azure(target.azureConnectionString());
        FleetConfig.Builder builder = FleetConfig.builder(hubTarget);
        if (spec.shape() != null) {
            builder.shape(FleetShape.read(spec.shape()));
        } else {
            builder.count(spec.count()).prefix(spec.prefix());
        }
        FleetConfig config = builder
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

    private RunningFleet launchChild(FleetSpec spec, Target target) throws Exception {
        List<String> arguments = simulatorArguments(spec);
        Map<String, String> environment = Map.of();
        if (target.local() != null) {
            arguments.addAll(List.of("--hub-data", target.local().dataDirectory().toAbsolutePath().toString()));
        } else {
            environment = Map.of(SimulatorCommand.CONNECTION_STRING_ENV, target.azureConnectionString());
        }
        return ChildProcessFleet.start(ChildProcessFleet.command(arguments), environment, childLog, spec.count());
    }

    /** The simulator's command-line options for {@code spec}: its fault profile, and any probability it changes. */
    static List<String> simulatorArguments(FleetSpec spec) {
        FaultSettings profile = FaultSettings.of(spec.faults().profile());
        List<String> args = new ArrayList<>(spec.shape() != null
                ? List.of("--shape", spec.shape().toAbsolutePath().toString())
                : List.of("--count", String.valueOf(spec.count()), "--prefix", spec.prefix()));
        args.addAll(List.of(
                "--seed", String.valueOf(spec.seed()),
                "--boot-time", spec.bootTime().toMillis() + "ms",
                "--bandwidth", spec.bandwidthBytesPerSecond() == 0 ? "unlimited"
                        : String.valueOf(spec.bandwidthBytesPerSecond()),
                "--profile", spec.faults().profile().cliName()));
        for (FaultKind kind : FaultKind.values()) {
            if (spec.faults().probability(kind) != profile.probability(kind)) {
                args.add("--fault");
                args.add(kind.cliName() + "=" + spec.faults().probability(kind));
            }
        }
        return args;
    }

    private Target target() throws Exception {
        HubConnection current = hub.get();
        if (current == null) {
            throw new IllegalStateException("Connect to a hub first.");
        }
        if (current.openedFrom().isPresent()) { // a local hub opened by its data directory
            LocalHubFile file = current.openedFrom().get();
            return new Target(new LocalTarget(file.hostName(), file.serviceEndpoint(), file.serviceConnectionString(),
                    file.caCertificate(), file.dataDirectory()), null);
        }
        if (current.kind() == HubConnection.Kind.LOCAL) {
            HubConnectionInfo info = localHub.get();
            if (info == null) {
                throw new IllegalStateException("The local hub is not running.");
            }
            return new Target(new LocalTarget(info.hostName(), info.serviceEndpoint(), info.serviceConnectionString(),
                    info.caCertificatePath(), localHubDirectory.get()), null);
        }
        for (SavedConnection saved : savedConnections.load()) {
            if (saved.name().equals(current.displayName())) {
                return new Target(null, saved.connectionString().secretValue());
            }
        }
        throw new IllegalStateException("The connection string of " + current.displayName() + " is not saved.");
    }
}
