package dev.twinops.console.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.twinops.console.connection.EmbeddedLocalHub;
import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.console.connection.SavedConnectionsStore;
import dev.twinops.console.testing.Loopback;
import dev.twinops.simulator.faults.FaultSettings;
import dev.twinops.simulator.fleet.FleetSummary;

/**
 * "Run the devices in a separate process": the simulator's command line in a child JVM, joining the embedded hub
 * through its connection.json, its counts read from the child's output, and stopped by closing its input.
 */
class ChildProcessFleetTest {

    @TempDir
    static Path dir;

    static EmbeddedLocalHub localHub;
    static HubConnection connection;
    static ScheduledExecutorService timer;

    @BeforeAll
    static void startHub() throws Exception {
        localHub = new EmbeddedLocalHub(dir.resolve("local-hub"), Loopback.randomAddress(), 8443);
        localHub.start();
        timer = Executors.newSingleThreadScheduledExecutor();
        connection = new HubConnector(timer).connectLocal("Local hub", localHub.connectionInfo().serviceEndpoint(),
                localHub.connectionInfo().serviceConnectionString());
    }

    @AfterAll
    static void stopHub() {
        if (connection != null) {
            connection.close();
        }
        if (localHub != null) {
            localHub.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private SimulatedFleetLauncher launcher(Path hubDirectory, Path log) {
        return new SimulatedFleetLauncher(() -> connection, localHub::connectionInfo, () -> hubDirectory,
                new SavedConnectionsStore(dir.resolve("connections.json")), log);
    }

    private static FleetSpec inChild(int count, String prefix) {
        return new FleetSpec(count, prefix, FaultSettings.NONE, 1, Duration.ofMillis(200), 0, true);
    }

    private String connectionState(String deviceId) throws Exception {
        return connection.twins().get(deviceId).getConnectionState();
    }

    @Test
    void aFleetInAChildProcessComesOnlineReportsItsCountsAndStopsWhenClosed() throws Exception {
        Path log = dir.resolve("logs").resolve("simulator.log");
        List<FleetSummary> seen = Collections.synchronizedList(new ArrayList<>());
        RunningFleet fleet = launcher(dir.resolve("local-hub"), log).launch(inChild(3, "child-"));
        ProcessHandle child = ProcessHandle.of(((ChildProcessFleet) fleet).pid()).orElseThrow();
        try {
            fleet.onSummary(seen::add, Runnable::run);
            assertThat(seen.get(0).pending()).as("before the child says anything").isEqualTo(3);
            await().atMost(Duration.ofMinutes(2)).until(() -> seen.get(seen.size() - 1).online() == 3);
            assertThat(child.pid()).isNotEqualTo(ProcessHandle.current().pid());
            // ProcessHandle.Info gives no arguments for this child (its class path is long): read them from /proc
            Path cmdline = Path.of("/proc", String.valueOf(child.pid()), "cmdline");
            if (Files.exists(cmdline)) {
                assertThat(Files.readString(cmdline).split("\u0000")).as("the child JVM's flags")
                        .contains(ChildProcessFleet.FLEET_JIT);
            }
            assertThat(connectionState("child-0003")).isEqualToIgnoringCase("Connected");
        } finally {
            fleet.close();
        }
        assertThat(child.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> connectionState("child-0001").equalsIgnoreCase("Disconnected"));
        assertThat(Files.readString(log)).contains("stopped 3 simulated devices");
        assertThat(seen).noneMatch(s -> s.problem() != null);
    }

    @Test
    void aChildThatCannotJoinTheHubSaysWhyInTheSummary() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("not-a-hub"));
        List<FleetSummary> seen = Collections.synchronizedList(new ArrayList<>());
        RunningFleet fleet = launcher(empty, dir.resolve("logs").resolve("failed.log")).launch(inChild(2, "lost-"));
        try {
            fleet.onSummary(seen::add, Runnable::run);
            await().atMost(Duration.ofMinutes(1)).until(() -> seen.get(seen.size() - 1).problem() != null);
            assertThat(seen.get(seen.size() - 1).problem())
                    .startsWith("the simulator process ended (exit code 1): device-simulator: no connection.json in")
                    .contains("failed.log");
            assertThat(seen.get(seen.size() - 1).online()).isZero();
        } finally {
            fleet.close();
        }
    }

    @Test
    void aFleetLargerThanOneProcessesShareRunsInSeveralThatTogetherActAsOne() throws Exception {
        Path log = dir.resolve("split").resolve("simulator.log");
        // two devices a process: three devices are two processes
        SimulatedFleetLauncher launcher = new SimulatedFleetLauncher(() -> connection, localHub::connectionInfo,
                () -> dir.resolve("local-hub"), new SavedConnectionsStore(dir.resolve("connections.json")), log, 2);
        List<FleetSummary> seen = Collections.synchronizedList(new ArrayList<>());
        RunningFleet fleet = launcher.launch(inChild(3, "split-"));
        try {
            assertThat(fleet).isInstanceOf(MultiProcessFleet.class);
            fleet.onSummary(seen::add, Runnable::run);
            await().atMost(Duration.ofMinutes(2)).until(() -> !seen.isEmpty() && seen.get(seen.size() - 1).online() == 3);
            assertThat(seen.get(seen.size() - 1).total()).isEqualTo(3);
            for (String id : List.of("split-0001", "split-0002", "split-0003")) {
                assertThat(connectionState(id)).as(id).isEqualToIgnoringCase("Connected");
            }
        } finally {
            fleet.close();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> connectionState("split-0001").equalsIgnoreCase("Disconnected")
                && connectionState("split-0003").equalsIgnoreCase("Disconnected"));
        // a log a process, beside the fleet's
        assertThat(Files.readString(log.resolveSibling("simulator-1.log"))).contains("stopped 2 simulated devices");
        assertThat(Files.readString(log.resolveSibling("simulator-2.log"))).contains("stopped 1 simulated devices");
        assertThat(seen).noneMatch(s -> s.problem() != null);
    }
}
