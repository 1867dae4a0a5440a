package dev.twinops.simulator.device.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.dm.DmMethod;
import dev.twinops.dm.reported.ErrorCodes;
import dev.twinops.simulator.faults.FaultPlan;
import dev.twinops.simulator.firmware.FirmwareFetcher;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The firmware-update state machine on its own: a hand-driven download, no device, no hub link. */
class FirmwareUpdateOperationTest {

    private static final String SHA = "a".repeat(64);
    private static final String OTHER_SHA = "b".repeat(64);

    private final RecordingHost host = new RecordingHost();
    private final ScriptedFetcher fetcher = new ScriptedFetcher();
    private final FirmwareUpdateOperation firmware = new FirmwareUpdateOperation(host, fetcher);

    /** A download the test drives by hand. */
    static final class ScriptedFetcher implements FirmwareFetcher {
        Listener listener;
        URI uri;
        boolean cancelled;

        @Override
        public Download fetch(URI uri, Listener listener) {
            this.uri = uri;
            this.listener = listener;
            return () -> cancelled = true;
        }
    }

    private OperationRun start(String uri) {
        OperationSteps steps = firmware.read("{\"fwPackageUri\":\"" + uri + "\",\"fwPackageCheckValue\":\"" + SHA
                + "\",\"version\":\"2.0.0\",\"operationId\":\"fw-1\"}");
        OperationRun run = new OperationRun(DmMethod.FIRMWARE_UPDATE, steps.requestedOperationId(), FaultPlan.NONE,
                host.now(), steps, host, host.clock);
        run.later(Duration.ZERO, () -> steps.start(run));
        host.clock.runDue();
        return run;
    }

    private void download(long size, String sha) {
        fetcher.listener.onStarted(size);
        host.clock.advance(Duration.ofSeconds(1));
        fetcher.listener.onProgress(size);
        fetcher.listener.onCompleted(sha, size);
    }

    @Test
    void aGoodPackageGoesThroughEveryPhaseAndIsRunAfterTheReboot() {
        OperationRun run = start("https://fw.example.com/fw-2.0.0.bin");
        assertThat(fetcher.uri).hasToString("https://fw.example.com/fw-2.0.0.bin");
        assertThat(host.at("iothubDM.firmwareUpdate.status")).isEqualTo("downloading");
        download(4096, SHA);
        assertThat(host.at("iothubDM.firmwareUpdate.status")).isEqualTo("verifying");
        host.clock.advance(Duration.ofSeconds(2));
        assertThat(host.at("iothubDM.firmwareUpdate.status")).isEqualTo("rebooting");
        assertThat(host.flash.firmwareVersion()).as("in flash, runs after the reboot").isEqualTo("2.0.0");
        assertThat(host.at("firmwareVersion")).isNull();
        int reportsBeforeReboot = host.reports.size();
        host.clock.runDue();
        assertThat(host.events).as("long past the answer: no grace before the reboot").containsExactly("offline");
        host.clock.advance(RecordingHost.BOOT);
        assertThat(host.events).containsExactly("offline", "online", "finished");
        assertThat(host.reports).as("current goes out in the boot's own report").hasSize(reportsBeforeReboot + 1);
        assertThat(host.at("firmwareVersion")).isEqualTo("2.0.0");
        assertThat(host.at("iothubDM.firmwareUpdate.status")).isEqualTo("current");
        assertThat(host.at("iothubDM.firmwareUpdate.bytesTotal")).isEqualTo(4096L);
        assertThat(run.isActive()).isFalse();
    }

    @Test
    void progressIsReportedAtMostOncePerIntervalAndTheLastChunkGoesOutWithVerifying() {
        start("https://fw.example.com/fw-2.0.0.bin");
        fetcher.listener.onStarted(1000);
        int before = host.reports.size();
        fetcher.listener.onProgress(100);
        assertThat(host.reports).as("within the interval").hasSize(before);
        host.clock.advance(Duration.ofSeconds(1));
        fetcher.listener.onProgress(400);
        assertThat(host.reports).hasSize(before + 1);
        assertThat(host.at("iothubDM.firmwareUpdate.progress")).isEqualTo(40);
        host.clock.advance(Duration.ofSeconds(1));
        fetcher.listener.onProgress(1000);
        assertThat(host.reports).as("the last chunk: no progress report of its own").hasSize(before + 1);
        fetcher.listener.onCompleted(SHA, 1000);
        assertThat(host.reports).hasSize(before + 2);
        assertThat(host.at("iothubDM.firmwareUpdate.status")).isEqualTo("verifying");
        assertThat(host.at("iothubDM.firmwareUpdate.progress")).isEqualTo(100);
        assertThat(host.at("iothubDM.firmwareUpdate.bytesDownloaded")).isEqualTo(1000L);
    }

    @Test
    void aHashMismatchReportsItsCodeAndTheExpectedValueButNothingOfWhatWasRead() {
        start("https://fw.example.com/fw-2.0.0.bin");
        download(777_777, OTHER_SHA);
        host.clock.advance(Duration.ofSeconds(1));
        assertThat(host.events).containsExactly("failed CHECKSUM_MISMATCH");
        assertThat(host.at("iothubDM.firmwareUpdate.status")).isEqualTo("failed");
        assertThat(host.at("iothubDM.firmwareUpdate.error.code")).isEqualTo(ErrorCodes.CHECKSUM_MISMATCH);
        assertThat((String) host.at("iothubDM.firmwareUpdate.error.message")).contains(SHA)
                .doesNotContain(OTHER_SHA).doesNotContain("777777");
        assertThat(host.at("iothubDM.firmwareUpdate.bytesDownloaded")).isNull();
        assertThat(host.at("iothubDM.firmwareUpdate.bytesTotal")).isNull();
        assertThat(host.at("iothubDM.firmwareUpdate.progress")).isNull();
        assertThat(host.flash.firmwareVersion()).isEqualTo("1.0.0");
    }

    @Test
    void aRefusedSourceOrAnOversizedPackageIsReportedWithItsCodeAndNoSizes() {
        start("file:///etc/shadow");
        fetcher.listener.onFailed(ErrorCodes.SOURCE_NOT_ALLOWED, "the file is outside the directories");
        assertThat(host.at("iothubDM.firmwareUpdate.error.code")).isEqualTo(ErrorCodes.SOURCE_NOT_ALLOWED);
        assertThat(host.at("iothubDM.firmwareUpdate.bytesTotal")).isNull();

        start("https://fw.example.com/huge.bin");
        fetcher.listener.onStarted(-1);
        host.clock.advance(Duration.ofSeconds(1));
        fetcher.listener.onProgress(60_000);
        assertThat(host.at("iothubDM.firmwareUpdate.bytesDownloaded")).isEqualTo(60_000L);
        fetcher.listener.onFailed(ErrorCodes.PACKAGE_TOO_LARGE, "the package is larger than the 64 KiB");
        assertThat(host.at("iothubDM.firmwareUpdate.error.code")).isEqualTo(ErrorCodes.PACKAGE_TOO_LARGE);
        assertThat(host.at("iothubDM.firmwareUpdate.bytesDownloaded")).isNull();
        assertThat(host.at("iothubDM.firmwareUpdate.progress")).isNull();
    }

    @Test
    void aTransferThatBrokeOffKeepsItsProgressForTheOperator() {
        start("https://fw.example.com/fw-2.0.0.bin");
        fetcher.listener.onStarted(1000);
        host.clock.advance(Duration.ofSeconds(1));
        fetcher.listener.onProgress(400);
        fetcher.listener.onFailed(ErrorCodes.DOWNLOAD_FAILED, "connection reset");
        assertThat(host.at("iothubDM.firmwareUpdate.error.code")).isEqualTo(ErrorCodes.DOWNLOAD_FAILED);
        assertThat(host.at("iothubDM.firmwareUpdate.bytesDownloaded")).isEqualTo(400L);
        assertThat(host.at("iothubDM.firmwareUpdate.bytesTotal")).isEqualTo(1000L);
    }

    @Test
    void aFailedRunCancelsItsDownload() {
        OperationRun run = start("https://fw.example.com/fw-2.0.0.bin");
        host.fail(run, ErrorCodes.INTERRUPTED, "stopped");
        assertThat(fetcher.cancelled).isTrue();
        fetcher.listener.onCompleted(SHA, 10); // a late callback changes nothing
        host.clock.advance(Duration.ofMinutes(1));
        assertThat(host.at("iothubDM.firmwareUpdate.status")).isEqualTo("failed");
    }
}
