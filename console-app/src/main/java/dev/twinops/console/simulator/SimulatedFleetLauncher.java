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
    private final int devicesPerProcess;

    /**
     * Devices one child process runs at most: a JVM's thread starts cost more the more threads it holds (a device
     * client keeps about ten), so a 1,000-device fleet in four processes updates on about two thirds of the CPU it
     * takes in one (docs/performance.md, "Firmware update of 1,000 devices").
     */
    static final int DEVICES_PER_PROCESS = 250;
    /** At most this many processes; a larger fleet gets larger parts. */
    static final int MAX_PROCESSES = 8;
    /** Connections a fleet opens at once, split between its processes (the simulator's default). */
    static final int CONNECTIONS_AT_ONCE = 16;

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
        this(hub, localHub, localHubDirectory, savedConnections, childLog, DEVICES_PER_PROCESS);
    }

    /** @param devicesPerProcess the most devices one child process runs (a larger fleet is split) */
    SimulatedFleetLauncher(Supplier<HubConnection> hub, Supplier<HubConnectionInfo> localHub,
                           Supplier<Path> localHubDirectory, SavedConnectionsStore savedConnections,
                           Path childLog, int devicesPerProcess) {
        this.devicesPerProcess = devicesPerProcess;
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
        List<String> hubArguments = new ArrayList<>();
        Map<String, String> environment = Map.of();
        if (target.local() != null) {
            hubArguments.addAll(List.of("--hub-data", target.local().dataDirectory().toAbsolutePath().toString()));
        } else {
            environment = Map.of(SimulatorCommand.CONNECTION_STRING_ENV, target.azureConnectionString());
        }
        List<Part> parts = parts(spec.count(), devicesPerProcess);
        if (parts.size() == 1) {
            List<String> arguments = simulatorArguments(spec);
            arguments.addAll(hubArguments);
            return ChildProcessFleet.start(ChildProcessFleet.command(arguments), environment, childLog, spec.count());
        }
        List<ChildProcessFleet> started = new ArrayList<>();
        try {
            for (Part part : parts) {
                List<String> arguments = simulatorArguments(spec, part, parts.size());
                arguments.addAll(hubArguments);
                started.add(ChildProcessFleet.start(ChildProcessFleet.command(arguments), environment,
                        partLog(part), part.count()));
            }
        } catch (Exception e) {
            started.forEach(ChildProcessFleet::close);
            throw e;
        }
        return new MultiProcessFleet(started);
    }

    /** Part {@code n}'s log beside the fleet's: simulator.log gives simulator-1.log, simulator-2.log, ... */
    private Path partLog(Part part) {
        String name = childLog.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot > 0 ? name.substring(0, dot) + "-" + part.number() + name.substring(dot)
                : name + "-" + part.number();
        return childLog.resolveSibling(numbered);
    }

    /** One child process's share of a fleet: devices {@code first}.. of it, {@code count} of them. */
    record Part(int number, int first, int count) {
    }

    /**
     * How a fleet of {@code count} devices is split over child processes: parts of at most {@code perProcess}
     * devices, at most {@link #MAX_PROCESSES} of them (larger parts beyond that), sizes differing by one at most.
     */
    static List<Part> parts(int count, int perProcess) {
        int processes = Math.min(MAX_PROCESSES, Math.max(1, (count + perProcess - 1) / perProcess));
        List<Part> parts = new ArrayList<>();
        int first = 1;
        for (int n = 1; n <= processes; n++) {
            int size = count / processes + (n <= count % processes ? 1 : 0);
            parts.add(new Part(n, first, size));
            first += size;
        }
        return parts;
    }

    /** The simulator's command-line options for {@code spec}: its fault profile, and any probability it changes. */
    static List<String> simulatorArguments(FleetSpec spec) {
        List<String> args = new ArrayList<>(spec.shape() != null
                ? List.of("--shape", spec.shape().toAbsolutePath().toString())
                : List.of("--count", String.valueOf(spec.count()), "--prefix", spec.prefix()));
        args.addAll(fleetArguments(spec));
        return args;
    }

    /**
     * The options for {@code part} of {@code spec}, one of {@code parts}: its devices, and its share of the
     * connections a fleet opens at once (the simulator's 16, split), so the parts together connect as one would.
     */
    static List<String> simulatorArguments(FleetSpec spec, Part part, int parts) {
        List<String> args = new ArrayList<>();
        if (spec.shape() != null) {
            args.addAll(List.of("--shape", spec.shape().toAbsolutePath().toString()));
        } else {
            args.addAll(List.of("--prefix", spec.prefix()));
        }
        args.addAll(List.of("--first", String.valueOf(part.first()), "--count", String.valueOf(part.count())));
        int connections = Math.max(1, CONNECTIONS_AT_ONCE / parts + (part.number() <= CONNECTIONS_AT_ONCE % parts ? 1 : 0));
        args.addAll(List.of("--parallelism", String.valueOf(connections)));
        args.addAll(fleetArguments(spec));
        return args;
    }

    private static List<String> fleetArguments(FleetSpec spec) {
        FaultSettings profile = FaultSettings.of(spec.faults().profile());
        List<String> args = new ArrayList<>();
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
