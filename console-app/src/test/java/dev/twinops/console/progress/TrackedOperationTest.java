package dev.twinops.console.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.twinops.console.operations.MethodOutcome;
import dev.twinops.console.operations.OperationRequest;

class TrackedOperationTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final OperationRequest firmware = OperationRequest.firmwareUpdate("file:///fw/tx-2.0.0.bin", "a".repeat(64),
            "2.0.0");
    private final String op = firmware.operationId();

    private TrackedOperation operation(OperationRequest request, String... ids) {
        return new TrackedOperation(request, ids.length + " selected devices", List.of(ids), T0,
                T0.plus(Duration.ofMinutes(2)), Duration.ofSeconds(30), ZoneOffset.UTC);
    }

    @Test
    void aFirmwareUpdateMovesThroughItsPhasesAndSucceedsOnlyWhenTheTargetIsReportedCurrent() {
        TrackedOperation rollout = operation(firmware, "d1");

        DeviceProgress downloading = rollout.observe("d1", Reports.firmware("1.0.0", "downloading", op, 40, null), T0.plusSeconds(2));
        assertThat(downloading.state()).isEqualTo(ProgressState.IN_PROGRESS);
        assertThat(downloading.phase()).isEqualTo("downloading 40%");
        assertThat(downloading.fraction()).isCloseTo(0.05 + 0.65 * 0.4, org.assertj.core.data.Offset.offset(1e-9));

        DeviceProgress rebooting = rollout.observe("d1", Reports.firmware("2.0.0", "rebooting", op, 100, null), T0.plusSeconds(5));
        assertThat(rebooting.state()).isEqualTo(ProgressState.IN_PROGRESS);
        assertThat(rollout.observe("d1", Reports.firmware("2.0.0", "current", op, 100, null), T0.plusSeconds(8)).state())
                .isEqualTo(ProgressState.SUCCEEDED);
        assertThat(rollout.summary().succeeded()).isEqualTo(1);
        assertThat(rollout.summary().finished()).isTrue();
        assertThat(rollout.devicesToWatch()).isEmpty();
    }

    @Test
    void anotherRequestsReportSaysNothingAboutThisOne() {
        TrackedOperation rollout = operation(firmware, "d1");

        assertThat(rollout.observe("d1", Reports.firmware("1.0.0", "downloading", "op-someone-else", 10, null), T0.plusSeconds(1)))
                .isNull();
        assertThat(rollout.progress("d1").state()).isEqualTo(ProgressState.WAITING);
    }

    @Test
    void aFailedUpdateCarriesTheDevicesErrorAndIsListed() {
        TrackedOperation rollout = operation(firmware, "d1", "d2");

        rollout.observe("d1", Reports.firmware("1.0.0", "failed", op, 60, "DOWNLOAD_FAILED"), T0.plusSeconds(3));

        OperationSummary s = rollout.summary();
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.waiting()).isEqualTo(1);
        assertThat(s.failures()).containsExactly(new FailedDevice("d1", "DOWNLOAD_FAILED: it broke", false));
        assertThat(s.phases()).containsEntry("failed", 1).containsEntry("waiting", 1);
        assertThat(s.finished()).isFalse();
    }

    @Test
    void aDeviceTheHubCouldNotReachFailsWithTheHubsWords() {
        OperationRequest reboot = OperationRequest.reboot();
        TrackedOperation operation = operation(reboot, "d1");

        DeviceProgress p = operation.methodAnswered("d1", new MethodOutcome.HubError("d1", 404103, "offline", 30, 0),
                T0.plusSeconds(1));

        assertThat(p.state()).isEqualTo(ProgressState.FAILED);
        assertThat(p.detail()).isEqualTo("d1 is offline (404103): it was not connected. Nothing was sent to it.");
    }

    @Test
    void aTimedOutCallKeepsWatchingBecauseTheDeviceMayStillAct() {
        OperationRequest reboot = OperationRequest.reboot();
        TrackedOperation operation = operation(reboot, "d1");

        DeviceProgress p = operation.methodAnswered("d1", new MethodOutcome.HubError("d1", 504101, "timeout", 30, 0),
                T0.plusSeconds(31));
        assertThat(p.state()).isEqualTo(ProgressState.WAITING);
        assertThat(p.detail()).contains("504101");

        DeviceProgress done = operation.observe("d1", Reports.reboot("completed", reboot.operationId(),
                "2026-03-01T10:00:40.000Z"), T0.plusSeconds(41));
        assertThat(done.state()).isEqualTo(ProgressState.SUCCEEDED);
    }

    @Test
    void aRebootCountsWhenLastRebootPassesTheRequestTimeEvenWithoutTheOperationId() {
        TrackedOperation operation = operation(OperationRequest.reboot(), "old-device");

        assertThat(operation.observe("old-device", Reports.reboot("completed", "their-own-id", "2026-03-01T09:59:00.000Z"),
                T0.plusSeconds(1))).isNull();
        assertThat(operation.observe("old-device", Reports.reboot("completed", "their-own-id", "2026-03-01T10:00:07.000Z"),
                T0.plusSeconds(8)).state()).isEqualTo(ProgressState.SUCCEEDED);
    }

    @Test
    void aDeviceSilentPastTheDeadlineIsStuckAndComesBackIfItFinishesLate() {
        TrackedOperation rollout = operation(firmware, "quiet", "slow", "silent");
        rollout.observe("slow", Reports.firmware("1.0.0", "downloading", op, 10, null), T0.plusSeconds(110));
        rollout.observe("silent", Reports.firmware("1.0.0", "applying", op, 100, null), T0.plusSeconds(60));

        assertThat(rollout.checkDeadline(T0.plusSeconds(119))).isEmpty();
        List<DeviceProgress> stuck = rollout.checkDeadline(T0.plusSeconds(121));
        assertThat(stuck).extracting(DeviceProgress::deviceId).containsExactly("quiet");
        assertThat(stuck.get(0).detail()).startsWith("nothing reported for this request, no news since 10:00:00");

        // 30 s of silence past the deadline
        assertThat(rollout.checkDeadline(T0.plusSeconds(150))).extracting(DeviceProgress::deviceId)
                .containsExactlyInAnyOrder("slow", "silent");
        assertThat(rollout.progress("silent").detail()).startsWith("still applying, no news since 10:01:00");
        assertThat(rollout.summary().stuck()).isEqualTo(3);
        assertThat(rollout.isFinished()).isTrue();
        assertThat(rollout.devicesToWatch()).containsExactly("quiet", "slow", "silent");

        assertThat(rollout.observe("silent", Reports.firmware("2.0.0", "current", op, 100, null), T0.plusSeconds(200))
                .state()).isEqualTo(ProgressState.SUCCEEDED);
    }

    @Test
    void anArbitraryMethodIsDoneWhenAnswered() {
        OperationRequest method = OperationRequest.method("setMode", "{\"mode\":\"eco\"}", 30, 0);
        TrackedOperation operation = operation(method, "a", "b");

        operation.methodAnswered("a", new MethodOutcome.Answered("a", 200, "{\"ok\":true}"), T0.plusSeconds(1));
        operation.methodAnswered("b", new MethodOutcome.Answered("b", 404, "{\"code\":\"UNKNOWN_METHOD\",\"reason\":\"no such method\"}"),
                T0.plusSeconds(1));

        OperationSummary s = operation.summary();
        assertThat(s.succeeded()).isEqualTo(1);
        assertThat(s.failures()).containsExactly(new FailedDevice("b", "b does not implement this method (404): no such method", false));
        assertThat(s.finished()).isTrue();
    }

    @Test
    void aRefusedJobFailsEveryDeviceWithTheReason() {
        TrackedOperation rollout = operation(firmware, "a", "b");

        assertThat(rollout.jobRefused("The job limit of this tier is reached (429001)", T0)).hasSize(2);

        assertThat(rollout.summary().message()).isEqualTo("The job was not created: The job limit of this tier is reached (429001)");
        assertThat(rollout.summary().failed()).isEqualTo(2);
    }
}
