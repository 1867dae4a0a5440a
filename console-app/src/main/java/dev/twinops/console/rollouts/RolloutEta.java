package dev.twinops.console.rollouts;

import java.time.Duration;
import java.time.Instant;

import dev.twinops.rollout.engine.DeviceRecord;
import dev.twinops.rollout.engine.RolloutState;
import dev.twinops.rollout.engine.WaveState;

/** The ETA the Rollouts tab shows, from the pace of the current wave. */
final class RolloutEta {

    private RolloutEta() {
    }

    /**
     * When the rollout should end at the pace of the current wave (devices settled per second since its methods
     * went out), or null when there is no pace yet. Soak times and approvals still to come are not in it.
     */
    static Instant estimateEnd(RolloutState state, Instant now) {
        WaveState w = state.wave();
        if (w == null || state.phase.isTerminal() || state.targetTotal <= 0 || w.dispatchStartedAt == null) {
            return null;
        }
        long settledHere = w.devices.values().stream().filter(d -> d.state.isSettled()).count();
        long settled = 0;
        for (WaveState wave : state.waves) {
            for (DeviceRecord d : wave.devices.values()) {
                if (d.state.isSettled()) {
                    settled++;
                }
            }
        }
        double seconds = Duration.between(w.dispatchStartedAt, now).toMillis() / 1000.0;
        if (settledHere == 0 || seconds <= 0) {
            return null;
        }
        double perSecond = settledHere / seconds;
        long remaining = Math.max(0, state.targetTotal - settled);
        return now.plusMillis((long) (remaining / perSecond * 1000));
    }
}
