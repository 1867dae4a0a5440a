package dev.twinops.console.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.hubclient.trust.PerHubTrust;
import dev.twinops.console.operations.MethodOutcome;
import dev.twinops.console.operations.OperationRequest;
import dev.twinops.console.operations.PackageDigest;
import dev.twinops.console.operations.SdkManagementService;
import dev.twinops.console.testing.Loopback;
import dev.twinops.dm.reported.FirmwareUpdateState;
import dev.twinops.dm.reported.FirmwareUpdateStatus;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.hub.LocalHub;
import dev.twinops.simulator.fleet.FleetConfig;
import dev.twinops.simulator.fleet.HubTarget;
import dev.twinops.simulator.fleet.SimulatedFleet;

/** The progress query's projection against the local hub and real devices (device SDK), read back as reports. */
class TwinQueryProgressReaderTest {

    @TempDir
    Path dir;

    @Test
    void aFirmwareUpdateIsFollowedWithTheRowsFieldsFromAProjectedQuery() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (LocalHub hub = LocalHub.start(HubConfig.builder().dataDirectory(dir.resolve("hub"))
                .bindAddress(Loopback.randomAddress()).build())) {
            HubConnectionInfo info = hub.connectionInfo();
            PerHubTrust.jvm().trust(info.serviceEndpoint(), info.caCertificatePath());
            try (SimulatedFleet fleet = SimulatedFleet.start(FleetConfig.builder(HubTarget.local(info.hostName(),
                            info.serviceEndpoint(), info.serviceConnectionString(), info.caCertificatePath()))
                    .count(2).prefix("pr-").bootTime(Duration.ofMillis(200)).installJvmTrust(false).build())) {
                fleet.allOnline().get(2, TimeUnit.MINUTES);
                HubConnection connection = new HubConnector(timer).connectLocal("Local hub", info.serviceEndpoint(),
                        info.serviceConnectionString());
                Path firmware = dir.resolve("pr-2.0.0.bin");
                byte[] image = new byte[64 * 1024];
                new Random(1).nextBytes(image);
                Files.write(firmware, image);
                OperationRequest update = OperationRequest.firmwareUpdate(firmware.toUri().toString(),
                        PackageDigest.sha256(firmware), "2.0.0");
                MethodOutcome outcome = new SdkManagementService(connection.methods(), connection.jobs(),
                        connection.queries()).invoke("pr-0001", update);
                assertThat(outcome.accepted()).as(outcome.describe()).isTrue();

                TwinQueryProgressReader reader = new TwinQueryProgressReader(connection.queries(), connection.jobs(),
                        TwinQueryProgressReader.DEFAULT_IDS_PER_QUERY);
                await().atMost(Duration.ofMinutes(1)).until(() -> {
                    FirmwareUpdateState fw = byId(reader.readDevices(List.of("pr-0001", "pr-0002")))
                            .get("pr-0001").reported().iothubDM().firmwareUpdate();
                    return fw != null && fw.status() == FirmwareUpdateStatus.CURRENT;
                });

                Map<String, DeviceReport> reports = byId(reader.readDevices(List.of("pr-0001", "pr-0002", "pr-none")));
                assertThat(reports).containsOnlyKeys("pr-0001", "pr-0002");
                DeviceReport updated = reports.get("pr-0001");
                FirmwareUpdateState fw = updated.reported().iothubDM().firmwareUpdate();
                assertThat(fw.operationId()).isEqualTo(update.operationId());
                assertThat(fw.targetVersion()).isEqualTo("2.0.0");
                assertThat(updated.reported().firmwareVersion()).isEqualTo("2.0.0");
                assertThat(updated.snapshot().firmwareVersion()).isEqualTo("2.0.0");
                assertThat(updated.snapshot().connectionState()).isEqualTo("Connected");
                assertThat(updated.snapshot().status()).isEqualTo("enabled");
                assertThat(updated.snapshot().lastActivity()).isNotNull();
                assertThat(updated.snapshot().tagSummary()).contains("site=");
                DeviceReport untouched = reports.get("pr-0002");
                assertThat(untouched.snapshot().firmwareVersion()).isEqualTo("1.0.0");
                FirmwareUpdateState none = untouched.reported().iothubDM() == null ? null
                        : untouched.reported().iothubDM().firmwareUpdate();
                assertThat(none == null || !update.operationId().equals(none.operationId())).isTrue();
                connection.close();
            }
        } finally {
            timer.shutdownNow();
        }
    }

    private static Map<String, DeviceReport> byId(List<DeviceReport> reports) {
        return reports.stream().collect(Collectors.toMap(DeviceReport::deviceId, Function.identity()));
    }
}
