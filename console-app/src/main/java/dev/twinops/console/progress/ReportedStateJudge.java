package dev.twinops.console.progress;

import java.time.Instant;

import dev.twinops.console.operations.OperationRequest;
import dev.twinops.dm.reported.FactoryResetState;
import dev.twinops.dm.reported.FirmwareUpdateState;
import dev.twinops.dm.reported.FirmwareUpdateStatus;
import dev.twinops.dm.reported.OperationJudge;
import dev.twinops.dm.reported.RebootState;
import dev.twinops.dm.reported.ReportedDeviceState;

/**
 * Reads one device's reported state for one request: the protocol's verdict ({@link OperationJudge}) plus the
 * phase and how far along it is, for the row's progress bar. Methods outside the protocol report nothing, so
 * they are judged by their answer alone and stay waiting here.
 */
final class ReportedStateJudge {

    /** What the reported state says; {@code state} is never STUCK (that needs a clock). */
    record Reading(ProgressState state, String phase, double fraction, String detail) {
    }

    private ReportedStateJudge() {
    }

    static Reading read(OperationRequest request, Instant requestedAt, ReportedDeviceState reported) {
        String opId = request.operationId();
        return switch (request.kind()) {
            case FIRMWARE_UPDATE -> firmware(reported, opId, request.targetVersion());
            case REBOOT -> reboot(reported, opId, requestedAt);
            case FACTORY_RESET -> factoryReset(reported, opId, requestedAt);
            case METHOD -> new Reading(ProgressState.WAITING, "waiting", 0, "");
        };
    }

    private static Reading firmware(ReportedDeviceState reported, String opId, String target) {
        OperationJudge.Judgement j = OperationJudge.firmwareUpdate(reported, opId, target);
        FirmwareUpdateState s = reported.iothubDM().firmwareUpdate();
        boolean ours = s != null && opId.equals(s.operationId());
        return switch (j.verdict()) {
            case SUCCEEDED -> new Reading(ProgressState.SUCCEEDED, "current", 1, "running " + target);
            case FAILED -> new Reading(ProgressState.FAILED, "failed", ours ? firmwareFraction(s) : 0, j.detail());
            case IN_PROGRESS -> {
                String phase = s.status() == null ? "accepted" : s.status().wireName();
                if (s.status() == FirmwareUpdateStatus.DOWNLOADING && s.progress() != null) {
                    phase = phase + " " + s.progress() + "%";
                }
                yield new Reading(ProgressState.IN_PROGRESS, phase, firmwareFraction(s), "");
            }
            case PENDING -> new Reading(ProgressState.WAITING, "waiting", 0, "");
        };
    }

    /** Download takes the bulk of the bar; each later phase a step. */
    static double firmwareFraction(FirmwareUpdateState s) {
        if (s == null || s.status() == null) {
            return 0;
        }
        return switch (s.status()) {
            case WAITING -> 0.02;
            case DOWNLOADING -> 0.05 + 0.65 * (s.progress() == null ? 0 : Math.min(100, Math.max(0, s.progress())) / 100.0);
            case VERIFYING -> 0.75;
            case APPLYING -> 0.85;
            case REBOOTING -> 0.95;
            case CURRENT -> 1;
            case FAILED, UNKNOWN -> 0;
        };
    }

    private static Reading reboot(ReportedDeviceState reported, String opId, Instant requestedAt) {
        OperationJudge.Judgement j = OperationJudge.reboot(reported, opId, requestedAt);
        RebootState s = reported.iothubDM().reboot();
        return switch (j.verdict()) {
            case SUCCEEDED -> new Reading(ProgressState.SUCCEEDED, "completed", 1, j.detail());
            case FAILED -> new Reading(ProgressState.FAILED, "failed", 0.5, j.detail());
            case IN_PROGRESS -> new Reading(ProgressState.IN_PROGRESS,
                    s.status() == null ? "accepted" : s.status().wireName(), 0.5, "");
            case PENDING -> new Reading(ProgressState.WAITING, "waiting", 0, "");
        };
    }

    private static Reading factoryReset(ReportedDeviceState reported, String opId, Instant requestedAt) {
        OperationJudge.Judgement j = OperationJudge.factoryReset(reported, opId, requestedAt);
        FactoryResetState s = reported.iothubDM().factoryReset();
        return switch (j.verdict()) {
            case SUCCEEDED -> new Reading(ProgressState.SUCCEEDED, "completed", 1, j.detail());
            case FAILED -> new Reading(ProgressState.FAILED, "failed", 0.5, j.detail());
            case IN_PROGRESS -> {
                String phase = s.status() == null ? "accepted" : s.status().wireName();
                double fraction = switch (phase) {
                    case "resetting" -> 0.33;
                    case "rebooting" -> 0.66;
                    default -> 0.1;
                };
                yield new Reading(ProgressState.IN_PROGRESS, phase, fraction, "");
            }
            case PENDING -> new Reading(ProgressState.WAITING, "waiting", 0, "");
        };
    }
}
