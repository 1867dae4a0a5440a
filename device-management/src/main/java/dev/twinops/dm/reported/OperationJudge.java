package dev.twinops.dm.reported;

import java.time.Instant;
import java.util.Objects;

/**
 * Judges a requested operation from reported state, the way docs/device-management-protocol.md says a console
 * should: by operationId when the device echoes it, otherwise by the completion timestamp passing the request
 * time (reboot, factory reset) or the target version being reported current (firmware).
 */
public final class OperationJudge {

    /** A verdict with a short detail for people (phase, progress or the device's error). */
    public record Judgement(OperationVerdict verdict, String detail) {
    }

    private OperationJudge() {
    }

    public static Judgement reboot(ReportedDeviceState state, String operationId, Instant requestedAt) {
        RebootState s = state.iothubDM().reboot();
        if (s == null) {
            return new Judgement(OperationVerdict.PENDING, "no reboot reported yet");
        }
        if (operationId != null && operationId.equals(s.operationId())) {
            if (s.status() == RebootStatus.FAILED) {
                return failed(s.error());
            }
            if (s.status() == RebootStatus.COMPLETED) {
                return new Judgement(OperationVerdict.SUCCEEDED, "rebooted at " + s.lastReboot());
            }
            return new Judgement(OperationVerdict.IN_PROGRESS, s.status() == null ? "accepted" : s.status().wireName());
        }
        if (s.lastReboot() != null && requestedAt != null && s.lastReboot().isAfter(requestedAt)) {
            return new Judgement(OperationVerdict.SUCCEEDED, "rebooted at " + s.lastReboot());
        }
        return new Judgement(OperationVerdict.PENDING, "last reboot " + s.lastReboot());
    }

    public static Judgement factoryReset(ReportedDeviceState state, String operationId, Instant requestedAt) {
        FactoryResetState s = state.iothubDM().factoryReset();
        if (s == null) {
            return new Judgement(OperationVerdict.PENDING, "no factory reset reported yet");
        }
        if (operationId != null && operationId.equals(s.operationId())) {
            if (s.status() == FactoryResetStatus.FAILED) {
                return failed(s.error());
            }
            if (s.status() == FactoryResetStatus.COMPLETED) {
                return new Judgement(OperationVerdict.SUCCEEDED, "reset at " + s.lastFactoryReset());
            }
            return new Judgement(OperationVerdict.IN_PROGRESS, s.status() == null ? "accepted" : s.status().wireName());
        }
        if (s.lastFactoryReset() != null && requestedAt != null && s.lastFactoryReset().isAfter(requestedAt)) {
            return new Judgement(OperationVerdict.SUCCEEDED, "reset at " + s.lastFactoryReset());
        }
        return new Judgement(OperationVerdict.PENDING, "last factory reset " + s.lastFactoryReset());
    }

    /**
     * Success is the target version reported as {@code firmwareVersion}, with the update section (if it names this
     * operation) saying current. A device already on the target version counts as succeeded.
     */
    public static Judgement firmwareUpdate(ReportedDeviceState state, String operationId, String targetVersion) {
        Objects.requireNonNull(targetVersion, "targetVersion");
        FirmwareUpdateState s = state.iothubDM().firmwareUpdate();
        boolean onTarget = targetVersion.equals(state.firmwareVersion());
        if (s != null && operationId != null && operationId.equals(s.operationId())) {
            if (s.status() == FirmwareUpdateStatus.FAILED) {
                return failed(s.error());
            }
            if (s.status() == FirmwareUpdateStatus.CURRENT && onTarget) {
                return new Judgement(OperationVerdict.SUCCEEDED, "running " + targetVersion);
            }
            String phase = s.status() == null ? "accepted" : s.status().wireName();
            if (s.status() == FirmwareUpdateStatus.DOWNLOADING && s.progress() != null) {
                phase = phase + " " + s.progress() + "%";
            }
            return new Judgement(OperationVerdict.IN_PROGRESS, phase);
        }
        boolean busy = s != null && s.status() != null && !s.status().isTerminal() && s.status() != FirmwareUpdateStatus.UNKNOWN;
        if (onTarget && !busy) {
            return new Judgement(OperationVerdict.SUCCEEDED, "running " + targetVersion);
        }
        return new Judgement(OperationVerdict.PENDING, "running " + state.firmwareVersion());
    }

    private static Judgement failed(OperationError error) {
        if (error == null) {
            return new Judgement(OperationVerdict.FAILED, "failed (no reason reported)");
        }
        return new Judgement(OperationVerdict.FAILED, error.code() + ": " + error.message());
    }
}
