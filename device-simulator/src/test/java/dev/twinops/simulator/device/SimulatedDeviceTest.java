package dev.twinops.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.dm.method.MethodResponse;
import dev.twinops.dm.reported.DeviceInfo;
import dev.twinops.dm.reported.ErrorCodes;
import dev.twinops.simulator.faults.FaultInjector;
import dev.twinops.simulator.faults.FaultKind;
import dev.twinops.simulator.faults.FaultProfile;
import dev.twinops.simulator.faults.FaultSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SimulatedDeviceTest {

    private static final String SHA = "a".repeat(64);
    private static final Duration BOOT = Duration.ofSeconds(5);

    private final ManualScheduler clock = new ManualScheduler();
    private final FakeHubLink link = new FakeHubLink();
    private final FakeFetcher fetcher = new FakeFetcher();

    private SimulatedDevice device(FaultSettings faults) {
        DeviceSettings settings = new DeviceSettings("1.0.0", new DeviceInfo("TwinOps Devices", "TX-100", "SN-1"),
                BOOT, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMillis(10), Duration.ofSeconds(15),
                Duration.ofSeconds(1), Duration.ofMillis(300));
        SimulatedDevice d = new SimulatedDevice("dev-1", settings, link, clock, fetcher,
                new FaultInjector(faults, 7, "dev-1"), DeviceObserver.NONE);
        d.start();
        clock.runDue();
        return d;
    }

    private SimulatedDevice device() {
        return device(FaultSettings.NONE);
    }

    private static String firmwarePayload(String opId) {
        return "{\"fwPackageUri\":\"https://fw.example.com/fw-2.0.0.bin\",\"fwPackageCheckValue\":\"" + SHA
                + "\",\"version\":\"2.0.0\",\"operationId\":\"" + opId + "\"}";
    }

    @Test
    void reportsItsInitialStateAfterConnecting() {
        SimulatedDevice d = device();
        assertThat(d.connectionState()).isEqualTo(ConnectionState.ONLINE);
        assertThat(link.at("firmwareVersion")).isEqualTo("1.0.0");
        assertThat(link.at("deviceInfo.model")).isEqualTo("TX-100");
        assertThat(d.isBusy()).isFalse();
    }

    @Test
    void rebootGoesOfflineForTheBootTimeAndReportsLastReboot() {
        SimulatedDevice d = device();
        MethodResponse r = link.invoke("reboot", "{\"operationId\":\"r-1\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.operationId()).isEqualTo("r-1");
        clock.runDue();
        assertThat(link.at("iothubDM.reboot.status")).isEqualTo("rebooting");
        assertThat(link.at("iothubDM.reboot.startedAt")).isEqualTo("2026-03-01T10:00:00Z");
        clock.advance(Duration.ofMillis(299));
        assertThat(link.disconnects).as("the answer is given time to leave").isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(link.disconnects).isEqualTo(1);
        assertThat(d.connectionState()).isEqualTo(ConnectionState.OFFLINE);

        clock.advance(BOOT.minusMillis(1));
        assertThat(link.connects).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(link.connects).isEqualTo(2);
        assertThat(d.connectionState()).isEqualTo(ConnectionState.ONLINE);
        assertThat(link.at("iothubDM.reboot.status")).isEqualTo("completed");
        assertThat(link.at("iothubDM.reboot.lastReboot")).isEqualTo("2026-03-01T10:00:05.300Z");
        assertThat(d.isBusy()).isFalse();
        assertThat(link.invoke("reboot", "{}").status()).isEqualTo(200);
    }

    @Test
    void aRebootsBootTimeRunsFromThePowerCutNotFromTheEndOfClosingTheOldClient() {
        SimulatedDevice d = device();
        CompletableFuture<Void> close = new CompletableFuture<>();
        link.slowClose = close;
        link.invoke("reboot", "{\"operationId\":\"r-1\"}");
        clock.runDue();
        clock.advance(Duration.ofMillis(300));
        assertThat(link.disconnects).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        close.complete(null); // the old client took 2 s to close
        clock.runDue();
        clock.advance(BOOT.minusSeconds(2).minusMillis(1));
        assertThat(link.connects).as("still booting").isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(link.connects).as("booted the boot time after the power cut").isEqualTo(2);
        assertThat(d.connectionState()).isEqualTo(ConnectionState.ONLINE);
        assertThat(link.at("iothubDM.reboot.status")).isEqualTo("completed");
    }

    @Test
    void aRebootWaitsForTheOldClientToCloseBeforeConnectingAgain() {
        SimulatedDevice d = device();
        CompletableFuture<Void> close = new CompletableFuture<>();
        link.slowClose = close;
        link.invoke("reboot", "{\"operationId\":\"r-1\"}");
        clock.runDue();
        clock.advance(Duration.ofMillis(300).plus(BOOT).plusSeconds(3));
        assertThat(link.connects).as("the old client is still closing").isEqualTo(1);
        close.complete(null);
        clock.runDue();
        assertThat(link.connects).isEqualTo(2);
        assertThat(d.connectionState()).isEqualTo(ConnectionState.ONLINE);
    }

    @Test
    void powerCycleTakesAnIdleDeviceOffForTheGivenTimeAndBringsItBackWithItsStateReported() {
        SimulatedDevice d = device();
        int reportsBefore = link.reports.size();
        CompletableFuture<Void> online = d.powerCycle(BOOT);
        assertThat(d.connectionState()).isEqualTo(ConnectionState.OFFLINE);
        assertThat(link.disconnects).isEqualTo(1);
        clock.advance(BOOT.minusMillis(1));
        assertThat(link.connects).isEqualTo(1);
        assertThat(online).isNotDone();
        clock.advance(Duration.ofMillis(1));
        assertThat(link.connects).isEqualTo(2);
        assertThat(online).isCompleted();
        assertThat(d.connectionState()).isEqualTo(ConnectionState.ONLINE);
        assertThat(link.reports).hasSize(reportsBefore + 1);
        assertThat(link.reports.get(reportsBefore)).containsEntry("firmwareVersion", "1.0.0");
        assertThat(d.isBusy()).isFalse();
    }

    @Test
    void powerCycleRefusesABusyDevice() {
        SimulatedDevice d = device();
        assertThat(link.invoke("firmwareUpdate", firmwarePayload("fw-1")).status()).isEqualTo(200);
        clock.runDue();
        assertThat(d.powerCycle(BOOT)).isCompletedExceptionally();
        assertThat(link.disconnects).isZero();
        assertThat(d.isBusy()).isTrue();
    }

    @Test
    void aBusyDeviceAnswers409WithTheRunningOperation() {
        device();
        assertThat(link.invoke("firmwareUpdate", firmwarePayload("fw-1")).status()).isEqualTo(200);
        MethodResponse busy = link.invoke("reboot", "{\"operationId\":\"r-2\"}");
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.operationId()).isEqualTo("fw-1");
        assertThat(busy.method()).isEqualTo("firmwareUpdate");
        assertThat(link.invoke("reboot", "{\"operationId\":\"bad id\"}").status()).isEqualTo(400);
        assertThat(link.invoke("selfDestruct", "{}").status()).isEqualTo(404);
    }

    @Test
    void aFirmwareUpdateThatDownloadsAtOnceReportsDownloadingFirstWithNoWaitingPhase() {
        device();
        int before = link.reports.size();
        assertThat(link.invoke("firmwareUpdate", firmwarePayload("fw-1")).status()).isEqualTo(200);
        clock.runDue();
        assertThat(link.reports).as("one report: the first phase").hasSize(before + 1);
        assertThat(link.at("iothubDM.firmwareUpdate.status")).isEqualTo("downloading");
        assertThat(link.at("iothubDM.firmwareUpdate.operationId")).isEqualTo("fw-1");
        assertThat(link.at("iothubDM.firmwareUpdate.startedAt")).isNotNull();
        assertThat(link.at("iothubDM.firmwareUpdate.progress")).isEqualTo(0);
        assertThat(link.at("iothubDM.firmwareUpdate.bytesDownloaded")).isEqualTo(0L);
        assertThat(link.at("iothubDM.firmwareUpdate.targetVersion")).isEqualTo("2.0.0");
        assertThat(link.at("iothubDM.firmwareUpdate.error")).isNull();
        assertThat(fetcher.uri).as("the download starts once downloading is acknowledged").isNotNull();
        assertThat(link.firmwarePhases()).containsExactly("downloading");
    }

    @Test
    void firmwareUpdatePassesEveryPhaseInOrderAndChangesVersionOnlyAfterReboot() {
        SimulatedDevice d = device();
        link.invoke("firmwareUpdate", firmwarePayload("fw-1"));
        clock.runDue();
        assertThat(fetcher.uri.toString()).isEqualTo("https://fw.example.com/fw-2.0.0.bin");
        int before = link.reports.size();
        fetcher.deliver(1000, 100, 200, 300);
        assertThat(link.reports).hasSize(before); // less than a second passed: no progress report yet
        clock.advance(Duration.ofSeconds(1));
        fetcher.listener.onProgress(500);
        assertThat(link.at("iothubDM.firmwareUpdate.progress")).isEqualTo(50);
        assertThat(link.at("iothubDM.firmwareUpdate.bytesDownloaded")).isEqualTo(500L);
        fetcher.listener.onCompleted(SHA, 1000);
        clock.advance(Duration.ofSeconds(1));
        assertThat(link.at("iothubDM.firmwareUpdate.status")).isEqualTo("applying");
        clock.advance(Duration.ofSeconds(1));
        assertThat(link.at("iothubDM.firmwareUpdate.status")).isEqualTo("rebooting");
        assertThat(link.at("firmwareVersion")).isEqualTo("1.0.0");
        assertThat(link.disconnects).as("seconds after the answer: the reboot does not wait").isEqualTo(1);
        int reportsBeforeBoot = link.reports.size();
        clock.advance(BOOT);
        assertThat(link.connects).isEqualTo(2);
        assertThat(link.reports).as("one report after the boot").hasSize(reportsBeforeBoot + 1);
        Map<String, Object> boot = link.reports.get(reportsBeforeBoot);
        assertThat(boot).containsEntry("firmwareVersion", "2.0.0").containsKey("deviceInfo");
        assertThat(boot.get("iothubDM")).asString().contains("status=current");
        assertThat(link.at("firmwareVersion")).isEqualTo("2.0.0");
        assertThat(link.at("iothubDM.firmwareUpdate.status")).isEqualTo("current");
        assertThat(link.at("iothubDM.firmwareUpdate.progress")).isEqualTo(100);
        assertThat(link.firmwarePhases()).containsExactly("downloading", "verifying", "applying", "rebooting",
                "current");
        assertThat(d.firmwareVersion()).isEqualTo("2.0.0");
        assertThat(d.isBusy()).isFalse();
    }

    @Test
    void checksumMismatchFailsWithReasonAndTheNextUpdateSucceeds() {
        SimulatedDevice d = device();
        link.invoke("firmwareUpdate", firmwarePayload("fw-1"));
        clock.runDue();
        fetcher.deliver(10, 10);
        fetcher.listener.onCompleted("b".repeat(64), 10);
        clock.advance(Duration.ofSeconds(1));
        assertThat(link.at("iothubDM.firmwareUpdate.status")).isEqualTo("failed");
        assertThat(link.at("iothubDM.firmwareUpdate.error.code")).isEqualTo("CHECKSUM_MISMATCH");
        assertThat((String) link.at("iothubDM.firmwareUpdate.error.message")).contains("expected " + SHA);
        assertThat(d.isBusy()).isFalse();

        assertThat(link.invoke("firmwareUpdate", firmwarePayload("fw-2")).status()).isEqualTo(200);
        clock.runDue();
        assertThat(link.at("iothubDM.firmwareUpdate.error")).isNull();
        fetcher.deliver(10, 10);
        fetcher.listener.onCompleted(SHA, 10);
        clock.advance(Duration.ofSeconds(10));
        assertThat(link.at("iothubDM.firmwareUpdate.status")).isEqualTo("current");
        assertThat(link.at("iothubDM.firmwareUpdate.operationId")).isEqualTo("fw-2");
        assertThat(d.firmwareVersion()).isEqualTo("2.0.0");
    }

    @Test
    void aDownloadErrorFailsTheUpdateWithoutBlockingTheDevice() {
        SimulatedDevice d = device();
        link.invoke("firmwareUpdate", firmwarePayload("fw-1"));
        clock.runDue();
        fetcher.listener.onFailed(ErrorCodes.DOWNLOAD_FAILED,
                "download of https://fw.example.com/fw-2.0.0.bin failed: HTTP 404");
        assertThat(link.at("iothubDM.firmwareUpdate.status")).isEqualTo("failed");
        assertThat(link.at("iothubDM.firmwareUpdate.error.code")).isEqualTo("DOWNLOAD_FAILED");
        assertThat(link.at("iothubDM.firmwareUpdate.lastFirmwareUpdate")).isNotNull();
        assertThat(d.isBusy()).isFalse();
    }

    @Test
    void downloadFailureFaultBreaksOffMidway() {
        SimulatedDevice d = device(FaultSettings.NONE.with(FaultKind.DOWNLOAD_FAILURE, 1.0));
        link.invoke("firmwareUpdate", firmwarePayload("fw-1"));
        clock.runDue();
        fetcher.deliver(1000, 100, 900, 1000);
        assertThat(fetcher.cancelled).isTrue();
        clock.runDue();
        assertThat(link.at("iothubDM.firmwareUpdate.error.code")).isEqualTo("DOWNLOAD_FAILED");
        assertThat((String) link.at("iothubDM.firmwareUpdate.error.message")).contains("of 1000 bytes");
        assertThat(d.isBusy()).isFalse();
    }

    @Test
    void aHungUpdateStopsReportingUntilTheWatchdogFreesTheDevice() {
        SimulatedDevice d = device(FaultSettings.NONE.with(FaultKind.HANG, 1.0));
        link.invoke("firmwareUpdate", firmwarePayload("fw-1"));
        clock.runDue();
        fetcher.deliver(1000, 900);
        int reports = link.reports.size();
        clock.advance(Duration.ofSeconds(59));
        assertThat(link.reports).hasSize(reports);
        assertThat(link.invoke("reboot", "{}").status()).isEqualTo(409);
        clock.advance(Duration.ofSeconds(1));
        assertThat(link.at("iothubDM.firmwareUpdate.error.code")).isEqualTo("WATCHDOG_RESET");
        assertThat(d.isBusy()).isFalse();
    }

    @Test
    void droppingOfflineDuringAnUpdateReportsItInterruptedOnReturn() {
        SimulatedDevice d = device(FaultSettings.NONE.with(FaultKind.OFFLINE_DURING_UPDATE, 1.0));
        link.invoke("firmwareUpdate", firmwarePayload("fw-1"));
        clock.runDue();
        fetcher.deliver(1000, 900);
        clock.advance(Duration.ofMillis(300));
        assertThat(d.connectionState()).isEqualTo(ConnectionState.OFFLINE);
        clock.advance(Duration.ofSeconds(15));
        assertThat(d.connectionState()).isEqualTo(ConnectionState.ONLINE);
        assertThat(link.at("iothubDM.firmwareUpdate.status")).isEqualTo("failed");
        assertThat(link.at("iothubDM.firmwareUpdate.error.code")).isEqualTo("INTERRUPTED");
        assertThat(d.firmwareVersion()).isEqualTo("1.0.0");
        assertThat(d.isBusy()).isFalse();
    }

    @Test
    void applyFailureKeepsTheOldFirmware() {
        SimulatedDevice d = device(FaultSettings.NONE.with(FaultKind.APPLY_FAILURE, 1.0));
        link.invoke("firmwareUpdate", firmwarePayload("fw-1"));
        clock.runDue();
        fetcher.deliver(10, 10);
        fetcher.listener.onCompleted(SHA, 10);
        clock.advance(Duration.ofSeconds(3));
        assertThat(link.at("iothubDM.firmwareUpdate.error.code")).isEqualTo("APPLY_FAILED");
        assertThat(link.firmwarePhases()).containsExactly("downloading", "verifying", "applying", "failed");
        assertThat(d.firmwareVersion()).isEqualTo("1.0.0");
    }

    @Test
    void aRefusingDeviceAnswers403WithTheReason() {
        device(FaultSettings.NONE.with(FaultKind.REFUSE_METHOD, 1.0));
        MethodResponse refused = link.invoke("reboot", "{}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.reason()).contains("refuse-method");
    }

    @Test
    void aSlowDeviceAnswersLateButStillCarriesTheOperationOut() {
        SimulatedDevice d = device(FaultSettings.NONE.with(FaultKind.SLOW_RESPONSE, 1.0));
        long started = System.nanoTime();
        MethodResponse r = link.invoke("reboot", "{\"operationId\":\"slow-1\"}");
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofMillis(10).toNanos());
        assertThat(r.status()).isEqualTo(200);
        clock.advance(Duration.ofMillis(300).plus(BOOT));
        assertThat(link.at("iothubDM.reboot.status")).isEqualTo("completed");
        assertThat(d.isBusy()).isFalse();
    }

    @Test
    void factoryResetRestoresFactoryFirmwareAndClearsCustomState() {
        link.withReported(Map.of("firmwareVersion", "3.1.0", "customSetting", "x"));
        SimulatedDevice d = device();
        assertThat(d.firmwareVersion()).isEqualTo("3.1.0");
        link.changeDesired(Map.of("telemetryInterval", 10));
        assertThat(link.at("telemetryInterval")).isEqualTo(10);

        assertThat(link.invoke("factoryReset", "{\"operationId\":\"fr-1\"}").status()).isEqualTo(200);
        clock.runDue();
        assertThat(link.at("iothubDM.factoryReset.status")).isEqualTo("resetting");
        clock.advance(Duration.ofSeconds(2));
        assertThat(link.at("iothubDM.factoryReset.status")).isEqualTo("rebooting");
        assertThat(link.at("firmwareVersion")).isEqualTo("1.0.0");
        assertThat(link.reported).containsEntry("customSetting", null);
        clock.advance(BOOT);
        assertThat(link.at("iothubDM.factoryReset.status")).isEqualTo("completed");
        assertThat(link.at("iothubDM.factoryReset.lastFactoryReset")).isEqualTo("2026-03-01T10:00:07Z");
        // desired properties still apply after the reset
        assertThat(link.at("telemetryInterval")).isEqualTo(10);
        assertThat(d.isBusy()).isFalse();
    }

    @Test
    void anOperationCutOffByAnEarlierRunIsReportedInterrupted() {
        link.withReported(Map.of("firmwareVersion", "1.5.0", "iothubDM", Map.of("firmwareUpdate",
                Map.of("status", "downloading", "operationId", "old-op", "targetVersion", "2.0.0"))));
        SimulatedDevice d = device();
        assertThat(link.at("iothubDM.firmwareUpdate.status")).isEqualTo("failed");
        assertThat(link.at("iothubDM.firmwareUpdate.error.code")).isEqualTo("INTERRUPTED");
        assertThat(link.at("iothubDM.firmwareUpdate.operationId")).isEqualTo("old-op");
        assertThat(d.firmwareVersion()).isEqualTo("1.5.0");
        assertThat(link.invoke("firmwareUpdate", firmwarePayload("fw-new")).status()).isEqualTo(200);
    }

    @Test
    void telemetryFollowsTheDesiredInterval() {
        SimulatedDevice d = device();
        link.changeDesired(Map.of("telemetryInterval", 5));
        assertThat(d.telemetryIntervalSeconds()).isEqualTo(5);
        clock.advance(Duration.ofSeconds(16));
        assertThat(link.telemetry).hasSize(3);
        assertThat(link.telemetry.get(0)).contains("\"temperature\"").contains("\"firmwareVersion\":\"1.0.0\"");
        link.changeDesired(Map.of("telemetryInterval", 0));
        clock.advance(Duration.ofSeconds(60));
        assertThat(link.telemetry).hasSize(3);
        link.changeDesired(Map.of("telemetryInterval", "often"));
        assertThat(d.telemetryIntervalSeconds()).isZero();
    }

    @Test
    void sameSeedSameFaults() {
        FaultSettings chaos = FaultSettings.of(FaultProfile.CHAOS);
        FaultInjector a = new FaultInjector(chaos, 42, "dev-9");
        FaultInjector b = new FaultInjector(chaos, 42, "dev-9");
        FaultInjector other = new FaultInjector(chaos, 43, "dev-9");
        boolean differs = false;
        for (int i = 0; i < 200; i++) {
            var m = i % 2 == 0 ? dev.twinops.dm.DmMethod.FIRMWARE_UPDATE : dev.twinops.dm.DmMethod.REBOOT;
            var pa = a.draw(m);
            assertThat(b.draw(m)).isEqualTo(pa);
            differs |= !other.draw(m).equals(pa);
        }
        assertThat(differs).isTrue();
    }
}
