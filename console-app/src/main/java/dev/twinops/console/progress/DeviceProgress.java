package dev.twinops.console.progress;

import java.time.Instant;
import java.util.Objects;

/**
 * One device's progress in one operation.
 *
 * @param phase      the reported phase ("downloading", "rebooting", "current") or the console's word ("waiting")
 * @param fraction   0..1 along the operation's phases
 * @param detail     what went wrong for failed and stuck devices, otherwise a short note ("running 2.0.0")
 * @param lastChange when the console last saw this device's state for the request change
 */
public record DeviceProgress(String deviceId, ProgressState state, String phase, double fraction, String detail,
                             Instant lastChange) {

    public DeviceProgress {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(state, "state");
        phase = phase == null ? "" : phase;
        detail = detail == null ? "" : detail;
        fraction = Math.max(0, Math.min(1, fraction));
    }

    public static DeviceProgress waiting(String deviceId, Instant since) {
        return new DeviceProgress(deviceId, ProgressState.WAITING, "waiting", 0, "", since);
    }

    /** Same state, phase, fraction and detail (the change time does not count). */
    public boolean sameAs(DeviceProgress other) {
        return other != null && state == other.state && phase.equals(other.phase)
                && Math.abs(fraction - other.fraction) < 1e-9 && detail.equals(other.detail);
    }

    /** How far this device is, for the overall bar: settled devices count as done. */
    public double completion() {
        return state.isSettled() ? 1 : fraction;
    }
}
