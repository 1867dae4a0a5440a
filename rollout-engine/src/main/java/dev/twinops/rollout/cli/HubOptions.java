package dev.twinops.rollout.cli;

import dev.twinops.rollout.audit.AuditJournal;
import dev.twinops.rollout.engine.EngineSettings;
import dev.twinops.rollout.hub.RolloutHub;
import dev.twinops.rollout.hub.SdkRolloutHub;
import dev.twinops.rollout.store.FileRolloutStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** Where the hub is, where rollouts are kept, and the query budget: shared by the commands that run a rollout. */
final class HubOptions {

    /** Keeps the connection string out of the process list. */
    static final String CONNECTION_STRING_ENV = "TWINOPS_CONNECTION_STRING";
    static final String HOME_ENV = "TWINOPS_HOME";
    /** S1's 20 queries a minute, less a share for the operator's other tools. */
    static final int AZURE_DEFAULT_BUDGET = 15;

    @Option(names = "--hub-data", paramLabel = "DIR",
            description = "Data directory of a running local hub (reads DIR/connection.json). Without it, the "
                    + "service connection string of an Azure IoT Hub is read from " + CONNECTION_STRING_ENV + ".")
    Path hubData;

    @Option(names = "--home", paramLabel = "DIR",
            description = "Where rollouts (DIR/rollouts) and the audit journal (DIR/audit) are kept; default "
                    + HOME_ENV + " or ~/.twinops, shared with the console.")
    Path home;

    @Option(names = "--queries-per-minute", paramLabel = "N",
            description = "Twin queries the rollout may use a minute (0: no limit). Default: no limit on a local "
                    + "hub, " + AZURE_DEFAULT_BUDGET + " on Azure (S1 serves 20 a minute per unit).")
    Integer queriesPerMinute;

    Path home(Function<String, String> environment) {
        if (home != null) {
            return home.toAbsolutePath();
        }
        String fromEnv = environment.apply(HOME_ENV);
        return fromEnv == null || fromEnv.isBlank()
                ? Path.of(System.getProperty("user.home"), ".twinops").toAbsolutePath() : Path.of(fromEnv);
    }

    FileRolloutStore store(Function<String, String> environment) {
        return new FileRolloutStore(home(environment));
    }

    AuditJournal journal(Function<String, String> environment) {
        return AuditJournal.inHome(home(environment), Clock.systemUTC());
    }

    EngineSettings settings() {
        int budget = queriesPerMinute != null ? queriesPerMinute : hubData != null ? 0 : AZURE_DEFAULT_BUDGET;
        if (budget < 0) {
            throw new IllegalArgumentException("--queries-per-minute must be 0 (no limit) or positive");
        }
        return EngineSettings.DEFAULTS.withQueriesPerMinute(budget);
    }

    /** Connects the service SDK to the chosen hub. */
    RolloutHub connect(Function<String, String> environment) throws IOException {
        if (hubData != null) {
            LocalHubConnection local = LocalHubConnection.open(hubData);
            return SdkRolloutHub.connect(local.serviceEndpoint(), local.serviceConnectionString(), Clock.systemUTC());
        }
        String cs = environment.apply(CONNECTION_STRING_ENV);
        if (cs == null || cs.isBlank()) {
            throw new IllegalArgumentException("no hub: give --hub-data DIR (a local hub) or set "
                    + CONNECTION_STRING_ENV + " to an Azure IoT Hub's service connection string");
        }
        return SdkRolloutHub.connect(hostName(cs, CONNECTION_STRING_ENV), cs.strip(), Clock.systemUTC());
    }

    /** The HostName of a service connection string read from {@code variable}; refused without one. */
    static String hostName(String connectionString, String variable) {
        String host = null;
        for (String part : connectionString.strip().split(";")) {
            if (part.regionMatches(true, 0, "HostName=", 0, 9)) {
                host = part.substring(9).strip();
            }
        }
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(variable + " has no HostName: it must be a service "
                    + "connection string (HostName=...;SharedAccessKeyName=...;SharedAccessKey=...)");
        }
        return host;
    }
}
