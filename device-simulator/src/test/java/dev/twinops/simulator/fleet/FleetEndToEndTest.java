package dev.twinops.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.twinops.dm.method.MethodResponse;
import dev.twinops.dm.method.MethodResponseCode;
import dev.twinops.dm.reported.ErrorCodes;
import dev.twinops.dm.reported.FirmwareUpdateState;
import dev.twinops.dm.reported.FirmwareUpdateStatus;
import dev.twinops.dm.reported.OperationJudge;
import dev.twinops.dm.reported.OperationVerdict;
import dev.twinops.dm.reported.ReportedDeviceState;
import dev.twinops.simulator.device.ConnectionState;
import dev.twinops.simulator.device.DeviceObserver;
import dev.twinops.simulator.faults.FaultKind;
import dev.twinops.simulator.faults.FaultSettings;
import dev.twinops.simulator.firmware.DownloadPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Simulated devices on the real device SDK against a real local hub, driven with the real service SDK like the
 * console drives them.
 */
class FleetEndToEndTest {

    private static final Duration OPERATION_DEADLINE = Duration.ofSeconds(40);

    @RegisterExtension
    static final LocalHubFixture env = new LocalHubFixture();

    /** Records, per device, connection changes and the firmware statuses the hub acknowledged. */
    static final class Recorder implements DeviceObserver {
        final Map<String, List<ConnectionState>> states = new ConcurrentHashMap<>();
        final Map<String, List<String>> firmwarePhases = new ConcurrentHashMap<>();

        @Override
        public void onStateChanged(String deviceId, ConnectionState state, boolean busy) {
            states.computeIfAbsent(deviceId, k -> Collections.synchronizedList(new ArrayList<>())).add(state);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onReported(String deviceId, Map<String, Object> patch) {
            if (patch.get("iothubDM") instanceof Map<?, ?> dm && dm.get("firmwareUpdate") instanceof Map<?, ?> fw
                    && fw.get("status") instanceof String status) {
                List<String> phases = firmwarePhases.computeIfAbsent(deviceId,
                        k -> Collections.synchronizedList(new ArrayList<>()));
                synchronized (phases) {
                    if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(status)) {
                        phases.add(status);
                    }
                }
            }
        }
    }

    private static SimulatedFleet startOnline(FleetConfig config) throws Exception {
        SimulatedFleet fleet = SimulatedFleet.start(config);
        fleet.allOnline().get(60, TimeUnit.SECONDS);
        return fleet;
    }

    private Map<String, Object> firmwarePayload(String opId, String sha) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("fwPackageUri", env.firmwareUri());
        p.put("fwPackageCheckValue", sha);
        p.put("version", "2.0.0");
        p.put("operationId", opId);
        return p;
    }

    private OperationJudge.Judgement awaitFirmwareVerdict(String deviceId, String opId) {
        OperationJudge.Judgement[] last = new OperationJudge.Judgement[1];
        await().atMost(OPERATION_DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = OperationJudge.firmwareUpdate(env.reported(deviceId), opId, "2.0.0");
            return last[0].verdict() == OperationVerdict.SUCCEEDED || last[0].verdict() == OperationVerdict.FAILED;
        });
        return last[0];
    }

    @Test
    void rebootAdvancesLastRebootReconnectsAndAnswersMethodsAfterwards() throws Exception {
        Recorder recorder = new Recorder();
        try (SimulatedFleet fleet = startOnline(env.fleet("reboot-", 1).deviceObserver(recorder).build())) {
            String id = "reboot-0001";
            assertThat(env.reported(id).firmwareVersion()).isEqualTo("1.0.0");
            assertThat(env.reported(id).deviceInfo().manufacturer()).isEqualTo("TwinOps Devices");
            Instant requested = Instant.now();

            MethodResponse accepted = env.invoke(id, "reboot", Map.of("operationId", "reboot-op-1"));
            assertThat(accepted.status()).isEqualTo(200);
            assertThat(accepted.operationId()).isEqualTo("reboot-op-1");

            await().atMost(OPERATION_DEADLINE).until(() -> OperationJudge.reboot(env.reported(id), "reboot-op-1",
                    requested).verdict() == OperationVerdict.SUCCEEDED);
            ReportedDeviceState after = env.reported(id);
            assertThat(after.iothubDM().reboot().lastReboot()).isAfter(requested.minusMillis(1));
            assertThat(recorder.states.get(id)).containsSubsequence(ConnectionState.ONLINE, ConnectionState.OFFLINE,
                    ConnectionState.CONNECTING, ConnectionState.ONLINE);
            assertThat(env.twins.get(id).getConnectionState()).isEqualToIgnoringCase("Connected");

            // a fresh connection after the reboot still receives methods
            await().atMost(Duration.ofSeconds(10)).until(() -> !fleet.device(id).orElseThrow().isBusy());
            MethodResponse again = env.invoke(id, "reboot", Map.of("operationId", "reboot-op-2"));
            assertThat(again.status()).isEqualTo(200);
            await().atMost(OPERATION_DEADLINE).until(() -> OperationJudge.reboot(env.reported(id), "reboot-op-2",
                    requested).verdict() == OperationVerdict.SUCCEEDED);
        }
    }

    @Test
    void firmwareUpdateDownloadsVerifiesAppliesAndReportsTheNewVersion() throws Exception {
        Recorder recorder = new Recorder();
        try (SimulatedFleet fleet = startOnline(env.fleet("fw-good-", 1).deviceObserver(recorder).build())) {
            String id = "fw-good-0001";
            MethodResponse accepted = env.invoke(id, "firmwareUpdate", firmwarePayload("fw-op-1", env.firmwareSha256));
            assertThat(accepted.status()).isEqualTo(200);

            OperationJudge.Judgement verdict = awaitFirmwareVerdict(id, "fw-op-1");
            assertThat(verdict.verdict()).as(verdict.detail()).isEqualTo(OperationVerdict.SUCCEEDED);
            ReportedDeviceState state = env.reported(id);
            assertThat(state.firmwareVersion()).isEqualTo("2.0.0");
            assertThat(state.iothubDM().firmwareUpdate().status()).isEqualTo(FirmwareUpdateStatus.CURRENT);
            assertThat(state.iothubDM().firmwareUpdate().bytesTotal()).isEqualTo((long) LocalHubFixture.PACKAGE_SIZE);
            assertThat(state.iothubDM().firmwareUpdate().lastFirmwareUpdate()).isNotNull();
            // the observer hears of a report when the hub acknowledges it, which can come after the twin shows it
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(recorder.firmwarePhases.get(id))
                    .containsExactly("downloading", "verifying", "applying", "rebooting", "current"));
            assertThat(fleet.device(id).orElseThrow().firmwareVersion()).isEqualTo("2.0.0");
        }
    }

    @Test
    void aConnectedDeviceRunsTheSdksThreadsButNoMessageExpiryChecker() throws Exception {
        try (SimulatedFleet fleet = startOnline(env.fleet("threads-", 1).build())) {
            // the SDK names its cleanup threads plainly; the fleet's clients start no expiry checker
            assertThat(liveThreadNames()).contains("azure-iot-sdk-IotHubCleanupTask")
                    .doesNotContain("azure-iot-sdk-IotHubMessageExpiryCheckerTask");
        }
    }

    private static List<String> liveThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    @Test
    void aBadChecksumFailsWithTheReasonAndTheNextUpdateSucceeds() throws Exception {
        try (SimulatedFleet fleet = startOnline(env.fleet("fw-bad-", 1).build())) {
            String id = "fw-bad-0001";
            String wrong = "0".repeat(64);
            assertThat(env.invoke(id, "firmwareUpdate", firmwarePayload("bad-1", wrong)).status()).isEqualTo(200);
            OperationJudge.Judgement failed = awaitFirmwareVerdict(id, "bad-1");
            assertThat(failed.verdict()).isEqualTo(OperationVerdict.FAILED);
            ReportedDeviceState state = env.reported(id);
            assertThat(state.iothubDM().firmwareUpdate().error().code()).isEqualTo(ErrorCodes.CHECKSUM_MISMATCH);
            // the reason names the value expected, never the hash of what was read
            assertThat(state.iothubDM().firmwareUpdate().error().message()).contains(wrong)
                    .doesNotContain(env.firmwareSha256);
            assertThat(state.iothubDM().firmwareUpdate().bytesTotal()).isNull();
            assertThat(state.firmwareVersion()).isEqualTo("1.0.0");

            // a payload the device cannot use is refused outright
            Map<String, Object> malformed = firmwarePayload("bad-2", "xyz");
            MethodResponse rejected = env.invoke(id, "firmwareUpdate", malformed);
            assertThat(rejected.status()).isEqualTo(400);
            assertThat(rejected.reason()).contains("fwPackageCheckValue");

            assertThat(env.invoke(id, "firmwareUpdate", firmwarePayload("good-1", env.firmwareSha256)).status())
                    .isEqualTo(200);
            assertThat(awaitFirmwareVerdict(id, "good-1").verdict()).isEqualTo(OperationVerdict.SUCCEEDED);
            assertThat(env.reported(id).iothubDM().firmwareUpdate().error()).isNull();
        }
    }

    @Test
    void factoryResetReturnsToTheFactoryFirmware() throws Exception {
        try (SimulatedFleet fleet = startOnline(env.fleet("reset-", 1).build())) {
            String id = "reset-0001";
            env.invoke(id, "firmwareUpdate", firmwarePayload("up-1", env.firmwareSha256));
            assertThat(awaitFirmwareVerdict(id, "up-1").verdict()).isEqualTo(OperationVerdict.SUCCEEDED);
            Instant requested = Instant.now();

            MethodResponse accepted = env.invoke(id, "factoryReset", Map.of("operationId", "reset-op"));
            assertThat(accepted.status()).isEqualTo(200);
            await().atMost(OPERATION_DEADLINE).until(() -> OperationJudge.factoryReset(env.reported(id), "reset-op",
                    requested).verdict() == OperationVerdict.SUCCEEDED);
            ReportedDeviceState state = env.reported(id);
            assertThat(state.firmwareVersion()).isEqualTo("1.0.0");
            assertThat(state.iothubDM().firmwareUpdate()).isNull();
            assertThat(state.iothubDM().factoryReset().lastFactoryReset()).isAfter(requested.minusMillis(1));
        }
    }

    @Test
    void aBusyDeviceAnswers409WithTheRunningOperation() throws Exception {
        try (SimulatedFleet fleet = startOnline(env.fleet("busy-", 1).bandwidthBytesPerSecond(64 * 1024).build())) {
            String id = "busy-0001";
            assertThat(env.invoke(id, "firmwareUpdate", firmwarePayload("long-op", env.firmwareSha256)).status())
                    .isEqualTo(200);
            MethodResponse busy = env.invoke(id, "reboot", Map.of("operationId", "impatient"));
            assertThat(busy.status()).isEqualTo(409);
            assertThat(busy.code()).isEqualTo(MethodResponseCode.BUSY);
            assertThat(busy.operationId()).isEqualTo("long-op");
            assertThat(busy.method()).isEqualTo("firmwareUpdate");
            await().atMost(Duration.ofSeconds(10)).until(() -> fleet.summary().busy() == 1);
        }
    }

    @Test
    void theSameSeedGivesTheSameFaults() throws Exception {
        FaultSettings faults = FaultSettings.NONE.with(FaultKind.DOWNLOAD_FAILURE, 0.25)
                .with(FaultKind.CHECKSUM_MISMATCH, 0.25).with(FaultKind.APPLY_FAILURE, 0.25)
                .with(FaultKind.REFUSE_METHOD, 0.15);
        Map<String, String> first = firmwareOutcomes(faults, "first");
        Map<String, String> second = firmwareOutcomes(faults, "second");
        assertThat(second).isEqualTo(first);
        // the seed was chosen so that this fleet shows a mix: the comparison above is not trivially equal
        assertThat(first.values()).contains("SUCCEEDED").anyMatch(v -> v.startsWith("FAILED"));
    }

    /** Runs one firmware update on each of six devices and returns each device's outcome. */
    private Map<String, String> firmwareOutcomes(FaultSettings faults, String run) throws Exception {
        Map<String, String> outcomes = new TreeMap<>();
        try (SimulatedFleet fleet = startOnline(env.fleet("seeded-", 6).faults(faults).seed(2024)
                .bandwidthBytesPerSecond(0).build())) {
            for (String id : fleet.deviceIds()) {
                MethodResponse r = env.invoke(id, "firmwareUpdate", firmwarePayload(run + "-" + id, env.firmwareSha256));
                if (!r.isAccepted()) {
                    outcomes.put(id, "ANSWERED " + r.status());
                }
            }
            for (String id : fleet.deviceIds()) {
                if (!outcomes.containsKey(id)) {
                    OperationJudge.Judgement j = awaitFirmwareVerdict(id, run + "-" + id);
                    outcomes.put(id, j.verdict() == OperationVerdict.FAILED
                            ? "FAILED " + env.reported(id).iothubDM().firmwareUpdate().error().code()
                            : j.verdict().name());
                }
            }
        }
        return outcomes;
    }

    @Test
    void theDesiredTelemetryIntervalIsAppliedAndTelemetryKeepsTheDeviceConnected() throws Exception {
        Recorder recorder = new Recorder();
        try (SimulatedFleet fleet = startOnline(env.fleet("telemetry-", 1).deviceObserver(recorder).build())) {
            String id = "telemetry-0001";
            com.microsoft.azure.sdk.iot.service.twin.Twin patch = new com.microsoft.azure.sdk.iot.service.twin.Twin(id);
            patch.getDesiredProperties().put("telemetryInterval", 1);
            env.twins.patch(patch);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                Object reported = env.twins.get(id).getReportedProperties().get("telemetryInterval");
                return reported instanceof Number n && n.intValue() == 1;
            });
            assertThat(fleet.device(id).orElseThrow().telemetryIntervalSeconds()).isEqualTo(1);
            // a few telemetry messages go out; the hub accepts them and the device stays connected
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> fleet.device(id).orElseThrow().connectionState() == ConnectionState.ONLINE);
            assertThat(recorder.states.get(id)).containsExactly(ConnectionState.CONNECTING, ConnectionState.ONLINE);
        }
    }

    @Test
    void aPackageOutsideTheAllowedSourcesOrOverTheLimitFailsWithItsCodeAndNoFileFacts() throws Exception {
        // a real file, but not in a directory the devices may read
        Path outside = Files.write(env.dataDir.resolve("outside-2.0.0.bin"), env.firmwareImage);
        // only the fixture's server is allowed, and packages up to 100 KiB: its image is 384 KiB
        DownloadPolicy policy = DownloadPolicy.of(List.of(env.firmwareSource()), 100 * 1024);
        try (SimulatedFleet fleet = startOnline(env.fleet("fw-limits-", 1).downloadPolicy(policy).build())) {
            String id = "fw-limits-0001";
            Map<String, Object> local = firmwarePayload("outside-1", env.firmwareSha256);
            local.put("fwPackageUri", outside.toUri().toString());
            assertThat(env.invoke(id, "firmwareUpdate", local).status()).isEqualTo(200);
            assertThat(awaitFirmwareVerdict(id, "outside-1").verdict()).isEqualTo(OperationVerdict.FAILED);
            FirmwareUpdateState refused = env.reported(id).iothubDM().firmwareUpdate();
            assertThat(refused.error().code()).isEqualTo(ErrorCodes.SOURCE_NOT_ALLOWED);
            assertThat(refused.error().message()).doesNotContain(env.firmwareSha256)
                    .doesNotContain(String.valueOf(LocalHubFixture.PACKAGE_SIZE));
            assertThat(refused.bytesTotal()).isNull();
            assertThat(refused.bytesDownloaded()).isNull();

            assertThat(env.invoke(id, "firmwareUpdate", firmwarePayload("big-1", env.firmwareSha256)).status())
                    .isEqualTo(200);
            assertThat(awaitFirmwareVerdict(id, "big-1").verdict()).isEqualTo(OperationVerdict.FAILED);
            FirmwareUpdateState tooLarge = env.reported(id).iothubDM().firmwareUpdate();
            assertThat(tooLarge.error().code()).isEqualTo(ErrorCodes.PACKAGE_TOO_LARGE);
            assertThat(tooLarge.error().message()).contains("100 KiB");
            assertThat(tooLarge.bytesTotal()).isNull();
            assertThat(env.reported(id).firmwareVersion()).isEqualTo("1.0.0");
        }
    }

    @Test
    void aKeyTheHubRefusesStopsTheFleetWithAClearReason() throws Exception {
        var info = env.hub.connectionInfo();
        String wrongKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String cs = info.serviceConnectionString().replaceAll("SharedAccessKey=[^;]+", "SharedAccessKey=" + wrongKey);
        HubTarget denied = HubTarget.local(info.hostName(), info.serviceEndpoint(), cs, info.caCertificatePath());
        try (SimulatedFleet fleet = SimulatedFleet.start(FleetConfig.builder(denied).prefix("denied-").count(2).build())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fleet.allOnline().get(60, TimeUnit.SECONDS))
                    .hasMessageContaining("unauthorized").hasMessageContaining("registry write");
            assertThat(fleet.summary().failed()).isPositive();
            assertThat(fleet.summary().online()).isZero();
        }
    }

    @Test
    void aHundredDevicesComeOnlineTaggedForRollouts() throws Exception {
        List<FleetSummary> summaries = Collections.synchronizedList(new ArrayList<>());
        try (SimulatedFleet fleet = SimulatedFleet.start(env.fleet("hundred-", 100).parallelism(8).build())) {
            fleet.addListener(summaries::add, Runnable::run);
            FleetSummary online = fleet.allOnline().get(120, TimeUnit.SECONDS);
            assertThat(online.online()).isEqualTo(100);
            await().atMost(Duration.ofSeconds(5)).until(() -> !summaries.isEmpty()
                    && summaries.get(summaries.size() - 1).online() == 100);
            assertThat(summaries.get(0).online()).isLessThan(100);
            var twin = env.twins.get("hundred-0001");
            assertThat(twin.getTags()).containsEntry("ring", "canary").containsKey("site").containsKey("model");
            assertThat(env.twins.get("hundred-0100").getConnectionState()).isEqualToIgnoringCase("Connected");

            fleet.closeAsync().get(60, TimeUnit.SECONDS);
            assertThat(fleet.summary().online()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    env.twins.get("hundred-0050").getConnectionState().equalsIgnoreCase("Disconnected"));
        }
    }
}
