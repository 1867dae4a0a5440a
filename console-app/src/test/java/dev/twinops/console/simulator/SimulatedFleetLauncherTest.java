package dev.twinops.console.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.twinops.simulator.cli.SimulatorCommand;
import dev.twinops.simulator.faults.FaultKind;
import dev.twinops.simulator.faults.FaultProfile;
import dev.twinops.simulator.faults.FaultSettings;
import dev.twinops.simulator.fleet.FleetConfig;
import picocli.CommandLine;

/** The options a fleet in a separate process gets describe the same fleet as the launcher's form. */
class SimulatedFleetLauncherTest {

    @TempDir
    Path hubData;

    private FleetConfig parsedBySimulator(List<String> arguments) throws Exception {
        Files.writeString(hubData.resolve("connection.json"), "{\"hostName\":\"127.0.0.9\",\"serviceEndpoint\":"
                + "\"127.0.0.9:8443\",\"serviceConnectionString\":\"HostName=127.0.0.9;SharedAccessKeyName=iothubowner;"
                + "SharedAccessKey=c2VjcmV0\"}");
        List<String> all = new ArrayList<>(arguments);
        all.addAll(List.of("--hub-data", hubData.toString()));
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command).parseArgs(all.toArray(String[]::new));
        return command.toConfig();
    }

    @Test
    void theSimulatorReadsTheSameFleetFromTheArguments() throws Exception {
        FaultSettings faults = FaultSettings.of(FaultProfile.FLAKY).with(FaultKind.HANG, 0.25);
        FleetSpec spec = new FleetSpec(250, "plant-", faults, 42, Duration.ofMillis(1500), 512 * 1024, true);

        List<String> arguments = SimulatedFleetLauncher.simulatorArguments(spec);
        FleetConfig config = parsedBySimulator(arguments);

        assertThat(config.count()).isEqualTo(250);
        assertThat(config.deviceId(1)).isEqualTo("plant-0001");
        assertThat(config.seed()).isEqualTo(42);
        assertThat(config.bootTime()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.bandwidthBytesPerSecond()).isEqualTo(512 * 1024);
        for (FaultKind kind : FaultKind.values()) {
            assertThat(config.faults().probability(kind)).as(kind.cliName()).isEqualTo(faults.probability(kind));
        }
        // only what differs from the profile is spelled out
        assertThat(arguments).containsSubsequence("--profile", "flaky").containsOnlyOnce("--fault")
                .contains("hang=0.25");
    }

    @Test
    void unlimitedBandwidthAndNoFaultsStayThat() throws Exception {
        FleetSpec spec = new FleetSpec(3, "a-", FaultSettings.NONE, 1, Duration.ZERO, 0, true);
        FleetConfig config = parsedBySimulator(SimulatedFleetLauncher.simulatorArguments(spec));
        assertThat(config.bandwidthBytesPerSecond()).isZero();
        assertThat(config.bootTime()).isEqualTo(Duration.ZERO);
        assertThat(config.faults().isNone()).isTrue();
        assertThat(SimulatedFleetLauncher.simulatorArguments(spec)).doesNotContain("--fault");
    }

    @Test
    void aLargeFleetIsSplitIntoPartsOfAtMost250DevicesAndAtMostEightProcesses() {
        assertThat(SimulatedFleetLauncher.parts(250, 250)).containsExactly(new SimulatedFleetLauncher.Part(1, 1, 250));
        assertThat(SimulatedFleetLauncher.parts(1000, 250)).containsExactly(
                new SimulatedFleetLauncher.Part(1, 1, 250), new SimulatedFleetLauncher.Part(2, 251, 250),
                new SimulatedFleetLauncher.Part(3, 501, 250), new SimulatedFleetLauncher.Part(4, 751, 250));
        // sizes differ by one at most, and every device is in exactly one part
        assertThat(SimulatedFleetLauncher.parts(1001, 250)).extracting(SimulatedFleetLauncher.Part::count)
                .containsExactly(201, 200, 200, 200, 200);
        List<SimulatedFleetLauncher.Part> tenThousand = SimulatedFleetLauncher.parts(10_000, 250);
        assertThat(tenThousand).hasSize(SimulatedFleetLauncher.MAX_PROCESSES)
                .allMatch(part -> part.count() == 1250);
        assertThat(tenThousand.get(7).first()).isEqualTo(8751);
    }

    @Test
    void eachPartRunsItsOwnDevicesOfTheSameFleetAndTheirConnectionsAddUpToOneFleets() throws Exception {
        FaultSettings faults = FaultSettings.of(FaultProfile.CHAOS);
        FleetSpec spec = new FleetSpec(1000, "plant-", faults, 42, Duration.ofMillis(1500), 512 * 1024, true);
        FleetConfig whole = parsedBySimulator(SimulatedFleetLauncher.simulatorArguments(spec));
        List<SimulatedFleetLauncher.Part> parts = SimulatedFleetLauncher.parts(1000, 250);

        int connections = 0;
        for (SimulatedFleetLauncher.Part part : parts) {
            FleetConfig config = parsedBySimulator(SimulatedFleetLauncher.simulatorArguments(spec, part, parts.size()));
            assertThat(config.count()).isEqualTo(250);
            for (int i = 1; i <= config.count(); i += 83) {
                assertThat(config.deviceId(i)).isEqualTo(whole.deviceId(part.first() + i - 1));
                assertThat(config.tags(i)).isEqualTo(whole.tags(part.first() + i - 1));
            }
            assertThat(config.seed()).isEqualTo(42);
            assertThat(config.faults().probability(FaultKind.HANG)).isEqualTo(faults.probability(FaultKind.HANG));
            connections += config.parallelism();
        }
        assertThat(connections).isEqualTo(whole.parallelism()).isEqualTo(SimulatedFleetLauncher.CONNECTIONS_AT_ONCE);
    }

    @Test
    void aCopiedFleetsShapeIsSplitTheSameWayEachPartPlayingItsOwnEntries() throws Exception {
        Path shape = hubData.resolve("shape.json");
        Files.writeString(shape, "{\"formatVersion\":1,\"devices\":[{\"deviceId\":\"r-a\"},{\"deviceId\":\"r-b\"},"
                + "{\"deviceId\":\"r-c\",\"firmwareVersion\":\"3.1.0\"}]}");
        FleetSpec spec = FleetSpec.ofShape(shape, 3, FaultSettings.NONE, 1, Duration.ofMillis(200), true);
        List<SimulatedFleetLauncher.Part> parts = SimulatedFleetLauncher.parts(3, 2);

        FleetConfig first = parsedBySimulator(SimulatedFleetLauncher.simulatorArguments(spec, parts.get(0), 2));
        FleetConfig second = parsedBySimulator(SimulatedFleetLauncher.simulatorArguments(spec, parts.get(1), 2));

        assertThat(first.count()).isEqualTo(2);
        assertThat(first.deviceId(2)).isEqualTo("r-b");
        assertThat(second.count()).isEqualTo(1);
        assertThat(second.deviceId(1)).isEqualTo("r-c");
        assertThat(second.firmwareVersion(1)).isEqualTo("3.1.0");
    }
}
