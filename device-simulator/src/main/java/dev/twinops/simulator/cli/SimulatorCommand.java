package dev.twinops.simulator.cli;

import dev.twinops.simulator.faults.FaultKind;
import dev.twinops.simulator.faults.FaultProfile;
import dev.twinops.simulator.faults.FaultSettings;
import dev.twinops.simulator.firmware.DownloadPolicy;
import dev.twinops.simulator.fleet.FleetConfig;
import dev.twinops.simulator.fleet.FleetShape;
import dev.twinops.simulator.fleet.HubTarget;
import dev.twinops.simulator.fleet.SimulatedFleet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar device-simulator.jar --hub-data DIR --count N ...}: runs a simulated fleet until Ctrl-C. Logs go
 * to standard error; with {@code --status-lines} standard output carries the fleet's summaries as JSON lines, and
 * with {@code --until-stdin-closes} the fleet stops when the program that started it closes its input (the console
 * runs large fleets this way, outside its own process).
 */
@Command(name = "device-simulator", mixinStandardHelpOptions = true, version = "TwinOps device simulator 0.1",
        sortOptions = false,
        description = "Runs a fleet of simulated devices (reboot, factory reset, firmware update) against the local "
                + "hub or an Azure IoT Hub until stopped with Ctrl-C.")
public final class SimulatorCommand implements java.util.concurrent.Callable<Integer> {

    static final String LOGBACK_CONFIG = "dev/twinops/simulator/cli/logback-cli.xml";

    /** Where an Azure hub's connection string can come from instead of the command line (ps shows arguments). */
    public static final String CONNECTION_STRING_ENV = "TWINOPS_CONNECTION_STRING";

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private Target target;

    static final class Target {
        @Option(names = "--hub-data", paramLabel = "DIR",
                description = "Data directory of a running local hub (reads DIR/connection.json).")
        Path hubData;

        @Option(names = "--connection-string", paramLabel = "CS",
                description = "Service connection string of an Azure IoT Hub (policy with registry write). "
                        + "Without this option and --hub-data it is read from the environment variable "
                        + CONNECTION_STRING_ENV + ", which keeps it out of the process list.")
        String connectionString;
    }

    @Option(names = "--count", paramLabel = "N", description = "Number of devices (1-10000); with --shape only "
            + "together with --first.")
    Integer count;

    @Option(names = "--first", paramLabel = "N",
            description = "Run one part of a fleet: devices N.. of the numbering (or of --shape), --count of them "
                    + "(with --shape, up to its end unless --count is given). Each keeps the id, tags and faults it "
                    + "has in the whole fleet; the console splits a large fleet over several processes this way.")
    Integer first;

    @Option(names = "--shape", paramLabel = "FILE",
            description = "A fleet shape (rollout-engine rehearsal copy --shape-out): one device per entry, with its "
                    + "id, reported firmware version and device info, and its tags if the hub lacks the device. "
                    + "Replaces --count and --prefix.")
    Path shape;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "sim-",
            description = "Device id prefix (default: ${DEFAULT-VALUE}, giving sim-0001, sim-0002, ...).")
    String prefix;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "none",
            description = "Fault profile: none, flaky or chaos (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--fault", paramLabel = "NAME=P",
            description = "Override one fault's probability per operation, e.g. --fault download-failure=0.2. "
                    + "Faults: download-failure, checksum-mismatch, apply-failure, hang, offline-during-update, "
                    + "slow-response, refuse-method.")
    List<String> faultOverrides = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed for fault draws; the same seed gives the same faults (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--boot-time", paramLabel = "DURATION", defaultValue = "5s",
            description = "How long a rebooting device stays offline (default: ${DEFAULT-VALUE}).")
    String bootTime;

    @Option(names = "--bandwidth", paramLabel = "RATE", defaultValue = "2MB/s",
            description = "Firmware download speed per device, e.g. 2MB/s, 512KB/s, unlimited (default: ${DEFAULT-VALUE}).")
    String bandwidth;

    // 16: a device SDK connect waits ~0.3 s while Paho starts its threads (docs/performance.md), so 16 at once bring
    // 1,000 devices online in ~25 s where 8 took ~44 s, with the CPU still half free
    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "16",
            description = "Connections opened at the same time (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--firmware-version", paramLabel = "VERSION", defaultValue = "1.0.0",
            description = "Factory firmware version of new devices (default: ${DEFAULT-VALUE}).")
    String firmwareVersion;

    @Option(names = "--firmware-source", paramLabel = "SOURCE",
            description = "Where devices may fetch firmware from; repeat for several, 'none' for nowhere. A directory "
                    + "(file: packages under it) or an http(s) URL prefix: https://fw.example.com/releases/, "
                    + "https://*.blob.core.windows.net/ (any subdomain), http://127.0.0.1:8000/ (that port), "
                    + "http://localhost:* (any port). Replaces the defaults: ~/.twinops/firmware (the console's "
                    + "firmware directory), the temporary directory, and https://*.blob.core.windows.net/.")
    List<String> firmwareSources = new ArrayList<>();

    @Option(names = "--max-firmware-size", paramLabel = "SIZE", defaultValue = "64MiB",
            description = "Largest firmware package a device downloads, e.g. 64MiB, 512KB (default: ${DEFAULT-VALUE}).")
    String maxFirmwareSize;

    @Option(names = "--status-lines",
            description = "Print the fleet's counts on standard output as one JSON object per line whenever they "
                    + "change, for a program that runs the simulator.")
    boolean statusLines;

    @Option(names = "--until-stdin-closes",
            description = "Stop when standard input closes, as well as on Ctrl-C: the fleet then ends with the "
                    + "program that started it.")
    boolean untilStdinCloses;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Function<String, String> environment;

    public SimulatorCommand() {
        this(System::getenv);
    }

    SimulatorCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        // before any logger exists: this library module ships no root logback.xml
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        System.exit(run(args));
    }

    /** Parses and runs; returns the exit code (0 after Ctrl-C, 2 for bad arguments, 1 when the fleet fails). */
    static int run(String... args) {
        return run(new SimulatorCommand(), args);
    }

    static int run(SimulatorCommand command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setParameterExceptionHandler((ex, a) -> {
            String message = ex.getMessage().startsWith("Error: ") ? ex.getMessage().substring(7) : ex.getMessage();
            ex.getCommandLine().getErr().println("device-simulator: " + message + " (see --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof IOException) {
                commandLine.getErr().println("device-simulator: " + ex.getMessage());
                return ex instanceof IllegalArgumentException ? 2 : 1;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    /** Builds the fleet configuration from the options; throws IllegalArgumentException/IOException with a reason. */
    public FleetConfig toConfig() throws IOException {
        FaultProfile faultProfile = FaultProfile.fromName(profile).orElseThrow(() -> new IllegalArgumentException(
                "unknown fault profile '" + profile + "' (known: " + Arrays.stream(FaultProfile.values())
                        .map(FaultProfile::cliName).collect(Collectors.joining(", ")) + ")"));
        FaultSettings faults = FaultSettings.of(faultProfile);
        for (String o : faultOverrides) {
            Map.Entry<FaultKind, Double> e = FaultSettings.parseOverride(o);
            faults = faults.with(e.getKey(), e.getValue());
        }
        Duration boot;
        long rate;
        try {
            boot = Quantities.duration(bootTime);
            rate = Quantities.bytesPerSecond(bandwidth);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("'" + bootTime) ? "--boot-time: "
                    + e.getMessage() : "--bandwidth: " + e.getMessage());
        }
        DownloadPolicy downloads = downloadPolicy();
        HubTarget hub;
        if (target != null && target.hubData != null) {
            hub = HubTarget.fromHubDataDirectory(target.hubData);
        } else if (target != null) {
            hub = HubTarget.azure(target.connectionString);
        } else {
            String fromEnvironment = environment.apply(CONNECTION_STRING_ENV);
            if (fromEnvironment == null || fromEnvironment.isBlank()) {
                throw new IllegalArgumentException("no hub: give --hub-data DIR (local hub) or --connection-string CS "
                        + "(Azure IoT Hub), or set " + CONNECTION_STRING_ENV);
            }
            hub = HubTarget.azure(fromEnvironment.strip());
        }
        FleetConfig.Builder builder = FleetConfig.builder(hub).prefix(prefix).faults(faults).seed(seed)
                .bootTime(boot).bandwidthBytesPerSecond(rate).parallelism(parallelism)
                .factoryFirmwareVersion(firmwareVersion).downloadPolicy(downloads);
        if (first != null) {
            builder.first(first);
        }
        if (shape != null) {
            if (count != null && first == null) {
                throw new IllegalArgumentException("--count and --shape exclude each other: the shape says how many "
                        + "devices (with --first, --count picks a part of it)");
            }
            builder.shape(FleetShape.read(shape));
            if (count != null) {
                builder.count(count);
            }
        } else if (count == null) {
            throw new IllegalArgumentException("give --count N, or --shape FILE for a copied fleet");
        } else {
            builder.count(count);
        }
        return builder.build();
    }

    private DownloadPolicy downloadPolicy() {
        long maxBytes;
        try {
            maxBytes = Quantities.bytes(maxFirmwareSize);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--max-firmware-size: " + e.getMessage());
        }
        List<String> sources = firmwareSources.isEmpty() ? DownloadPolicy.defaultSources()
                : firmwareSources.stream().filter(s -> !s.strip().equalsIgnoreCase("none")).toList();
        try {
            return DownloadPolicy.of(sources, maxBytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--firmware-source: " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        FleetConfig config = toConfig();
        Logger log = LoggerFactory.getLogger(SimulatorCommand.class);
        SimulatedFleet fleet = SimulatedFleet.start(config);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) { // end of input, then the shutdown hook at exit
                log.info("stopping the fleet");
                fleet.close();
            }
            stopped.countDown();
        };
        Thread hook = new Thread(stop, "sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (statusLines) {
            StatusLines.printTo(fleet, System.out);
        }
        if (untilStdinCloses) {
            StatusLines.onEndOfInput(System.in, stop);
        }
        long started = System.nanoTime();
        try {
            fleet.allOnline().get();
            log.info("all {} devices online after {} ms; Ctrl-C to stop", config.count(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (ExecutionException e) {
            if (stopped.getCount() == 0) {
                return 0;
            }
            log.error("the fleet cannot start: {}", e.getCause().getMessage());
            Runtime.getRuntime().removeShutdownHook(hook);
            fleet.close();
            return 1;
        }
        stopped.await();
        return 0;
    }
}
