package dev.twinops.hub.cli;

import dev.twinops.hub.HubConfig;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.hub.HubStartException;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.throttle.ThrottlingPolicy;
import dev.twinops.limits.IotHubTier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone hub: {@code java -jar hub-emulator.jar --data DIR [--bind 127.0.0.1] [--https-port 8443]
 * [--tier F1|S1|S2|S3 [--units N]]}.
 * When both endpoints listen it writes {@code DIR/connection.json} (owner-only: it holds the iothubowner
 * connection string) and logs one "ready" line; SIGTERM or Ctrl-C stops it cleanly and removes that file.
 * Exit codes: 1 when the hub cannot start, 2 for bad arguments.
 */
@Command(name = "hub-emulator", mixinStandardHelpOptions = true, version = "TwinOps hub emulator 0.1",
        description = "A local IoT Hub: MQTT device endpoint on <bind>:8883, HTTPS service endpoint on <bind>:<https-port>.")
public final class HubEmulatorCommand implements Callable<Integer> {

    static final String CONNECTION_FILE = HubConnectionInfo.FILE_NAME;
    private static final String LOGBACK_CONFIG = "dev/twinops/hub/cli/logback-cli.xml";

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Data directory (created if missing): state, keys and certificates.")
    Path dataDirectory;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = HubConfig.DEFAULT_BIND_ADDRESS,
            description = "Address both endpoints listen on, also the HostName of connection strings (default: ${DEFAULT-VALUE}).")
    String bindAddress;

    @Option(names = "--https-port", paramLabel = "PORT", defaultValue = "8443",
            description = "Port of the HTTPS service endpoint (default: ${DEFAULT-VALUE}).")
    int httpsPort;

    @Option(names = "--tier", paramLabel = "TIER",
            description = "Apply IoT Hub's throttling limits of this tier: F1, S1, S2 or S3 (default: no throttling).")
    String tier;

    @Option(names = "--units", paramLabel = "N", defaultValue = "1",
            description = "Units of the --tier; limits per unit scale with it (default: ${DEFAULT-VALUE}).")
    int units;

    public static void main(String[] args) {
        // before the first logger exists; a configuration chosen by the user wins
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new HubEmulatorCommand());
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("hub-emulator: " + e.getMessage() + " (see --help)");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        });
        return cli;
    }

    @Override
    public Integer call() throws InterruptedException {
        Logger log = LoggerFactory.getLogger(HubEmulatorCommand.class);
        HubConfig config;
        try {
            config = HubConfig.builder().dataDirectory(dataDirectory).bindAddress(bindAddress).httpsPort(httpsPort)
                    .throttling(throttling()).build();
        } catch (IllegalArgumentException e) {
            return fail(CommandLine.ExitCode.USAGE, e.getMessage());
        }
        Path connectionFile = dataDirectory.toAbsolutePath().resolve(CONNECTION_FILE);
        try {
            // a file left by an earlier run must not look like this run being ready; an unusable directory is
            // reported by the hub itself
            if (Files.isDirectory(connectionFile.getParent())) {
                Files.deleteIfExists(connectionFile);
            }
        } catch (IOException e) {
            return fail(CommandLine.ExitCode.SOFTWARE, "cannot remove the old " + connectionFile + ": " + e.getMessage());
        }

        LocalHub hub;
        try {
            hub = LocalHub.start(config);
        } catch (HubStartException e) {
            return fail(CommandLine.ExitCode.SOFTWARE, e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping the hub");
            hub.stop();
            try {
                Files.deleteIfExists(connectionFile);
            } catch (IOException e) {
                log.warn("Cannot remove {}: {}", connectionFile, e.getMessage());
            }
            stopped.countDown();
        }, "hub-shutdown"));

        HubConnectionInfo info = hub.connectionInfo();
        try {
            info.writeTo(connectionFile);
        } catch (IOException e) {
            hub.stop();
            return fail(CommandLine.ExitCode.SOFTWARE, "cannot write " + connectionFile + ": " + e.getMessage());
        }
        log.info("Hub emulator ready: service endpoint https://{}, device endpoint mqtts://{}; connection details in {}",
                info.serviceEndpoint(), info.deviceEndpoint(), connectionFile);
        stopped.await();
        return CommandLine.ExitCode.OK;
    }

    private ThrottlingPolicy throttling() {
        if (tier == null) {
            if (units != 1) {
                throw new IllegalArgumentException("--units applies to a --tier; add e.g. --tier S1");
            }
            return ThrottlingPolicy.none();
        }
        return ThrottlingPolicy.of(IotHubTier.parse(tier), units);
    }

    /** hostName, serviceEndpoint, serviceConnectionString (iothubowner), caCertificatePath and deviceEndpoint. */
    private static int fail(int exitCode, String message) {
        System.err.println("hub-emulator: " + message);
        System.err.flush();
        return exitCode;
    }
}
