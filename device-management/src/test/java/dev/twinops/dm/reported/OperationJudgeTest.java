package dev.twinops.dm.reported;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OperationJudgeTest {

    private static final Instant REQUESTED = Instant.parse("2026-03-01T10:00:00Z");

    private static ReportedDeviceState withReboot(RebootState r) {
        return new ReportedDeviceState("1.0.0", null, new DeviceManagementState(r, null, null));
    }

    private static ReportedDeviceState withFirmware(String version, FirmwareUpdateState f) {
        return new ReportedDeviceState(version, null, new DeviceManagementState(null, null, f));
    }

    @Test
    void rebootSucceedsByOperationIdOrByLastRebootPassingTheRequest() {
        assertThat(OperationJudge.reboot(withReboot(null), "op", REQUESTED).verdict()).isEqualTo(OperationVerdict.PENDING);
        RebootState old = new RebootState(RebootStatus.COMPLETED, "older", null, REQUESTED.minusSeconds(60), null);
        assertThat(OperationJudge.reboot(withReboot(old), "op", REQUESTED).verdict()).isEqualTo(OperationVerdict.PENDING);
        RebootState running = new RebootState(RebootStatus.REBOOTING, "op", REQUESTED, REQUESTED.minusSeconds(60), null);
        assertThat(OperationJudge.reboot(withReboot(running), "op", REQUESTED).verdict()).isEqualTo(OperationVerdict.IN_PROGRESS);
        RebootState done = new RebootState(RebootStatus.COMPLETED, "op", REQUESTED, REQUESTED.plusSeconds(5), null);
        assertThat(OperationJudge.reboot(withReboot(done), "op", REQUESTED).verdict()).isEqualTo(OperationVerdict.SUCCEEDED);
        RebootState noId = new RebootState(RebootStatus.COMPLETED, null, null, REQUESTED.plusSeconds(5), null);
        assertThat(OperationJudge.reboot(withReboot(noId), "op", REQUESTED).verdict()).isEqualTo(OperationVerdict.SUCCEEDED);
    }

    @Test
    void firmwareSucceedsOnlyWhenTheTargetVersionIsCurrent() {
        FirmwareUpdateState downloading = new FirmwareUpdateState(FirmwareUpdateStatus.DOWNLOADING, "op", REQUESTED,
                null, 30, 3L, 10L, "2.0.0", null);
        OperationJudge.Judgement j = OperationJudge.firmwareUpdate(withFirmware("1.0.0", downloading), "op", "2.0.0");
        assertThat(j.verdict()).isEqualTo(OperationVerdict.IN_PROGRESS);
        assertThat(j.detail()).isEqualTo("downloading 30%");

        FirmwareUpdateState failed = new FirmwareUpdateState(FirmwareUpdateStatus.FAILED, "op", REQUESTED, REQUESTED,
                null, null, null, "2.0.0", new OperationError(ErrorCodes.APPLY_FAILED, "flash write error"));
        j = OperationJudge.firmwareUpdate(withFirmware("1.0.0", failed), "op", "2.0.0");
        assertThat(j.verdict()).isEqualTo(OperationVerdict.FAILED);
        assertThat(j.detail()).isEqualTo("APPLY_FAILED: flash write error");

        FirmwareUpdateState current = new FirmwareUpdateState(FirmwareUpdateStatus.CURRENT, "op", REQUESTED, REQUESTED,
                100, 10L, 10L, "2.0.0", null);
        assertThat(OperationJudge.firmwareUpdate(withFirmware("2.0.0", current), "op", "2.0.0").verdict())
                .isEqualTo(OperationVerdict.SUCCEEDED);
        // "current" with the old version still reported is not success yet
        assertThat(OperationJudge.firmwareUpdate(withFirmware("1.0.0", current), "op", "2.0.0").verdict())
                .isEqualTo(OperationVerdict.IN_PROGRESS);
        assertThat(OperationJudge.firmwareUpdate(withFirmware("2.0.0", null), "op", "2.0.0").verdict())
                .isEqualTo(OperationVerdict.SUCCEEDED);
        assertThat(OperationJudge.firmwareUpdate(withFirmware("1.0.0", null), "op", "2.0.0").verdict())
                .isEqualTo(OperationVerdict.PENDING);
    }

    @Test
    void anUpdateIsPendingUntilItsFirstPhaseWhetherWaitingOrDownloading() {
        FirmwareUpdateState previous = new FirmwareUpdateState(FirmwareUpdateStatus.CURRENT, "older", REQUESTED,
                REQUESTED, 100, 10L, 10L, "1.0.0", null);
        assertThat(OperationJudge.firmwareUpdate(withFirmware("1.0.0", previous), "op", "2.0.0").verdict())
                .as("accepted, nothing reported for this request yet").isEqualTo(OperationVerdict.PENDING);
        // a device that downloads at once reports downloading first; one that defers its download reports waiting
        FirmwareUpdateState downloading = new FirmwareUpdateState(FirmwareUpdateStatus.DOWNLOADING, "op", REQUESTED,
                REQUESTED, 0, 0L, null, "2.0.0", null);
        OperationJudge.Judgement j = OperationJudge.firmwareUpdate(withFirmware("1.0.0", downloading), "op", "2.0.0");
        assertThat(j.verdict()).isEqualTo(OperationVerdict.IN_PROGRESS);
        assertThat(j.detail()).isEqualTo("downloading 0%");
        FirmwareUpdateState waiting = new FirmwareUpdateState(FirmwareUpdateStatus.WAITING, "op", REQUESTED,
                REQUESTED, 0, 0L, null, "2.0.0", null);
        assertThat(OperationJudge.firmwareUpdate(withFirmware("1.0.0", waiting), "op", "2.0.0").verdict())
                .isEqualTo(OperationVerdict.IN_PROGRESS);
    }
}
