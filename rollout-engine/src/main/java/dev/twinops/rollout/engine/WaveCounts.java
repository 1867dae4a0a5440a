package dev.twinops.rollout.engine;

import java.util.Collection;

/** How many of a wave's devices are in each state, and the shares the thresholds judge. */
public record WaveCounts(int total, int waiting, int skipped, int dispatched, int inProgress, int succeeded,
                         int failed, int offline, int stuck, int offlineAtStart) {

    public static WaveCounts of(Collection<DeviceRecord> records) {
        int waiting = 0, skipped = 0, dispatched = 0, inProgress = 0, succeeded = 0, failed = 0, offline = 0;
        int stuck = 0, offlineAtStart = 0;
        for (DeviceRecord r : records) {
            switch (r.state) {
                case WAITING -> waiting++;
                case SKIPPED -> skipped++;
                case DISPATCHED -> dispatched++;
                case IN_PROGRESS -> inProgress++;
                case SUCCEEDED -> succeeded++;
                case FAILED -> failed++;
                case OFFLINE -> offline++;
                case STUCK -> stuck++;
            }
            if (!r.isConnectedAtStart()) {
                offlineAtStart++;
            }
        }
        return new WaveCounts(records.size(), waiting, skipped, dispatched, inProgress, succeeded, failed, offline,
                stuck, offlineAtStart);
    }

    /** Devices the operation went to (everything but skipped). */
    public int operated() {
        return total - skipped;
    }

    /** Devices that ran the operation to an end the failure threshold counts. */
    public int finished() {
        return succeeded + failed + stuck;
    }

    /** Failures as the failure threshold counts them: reported failures and devices stuck past the deadline. */
    public int failures() {
        return failed + stuck;
    }

    public int inFlight() {
        return dispatched + inProgress;
    }

    /** Share of the wave at the target state (succeeded or skipped as already there), 0-100; 100 when empty. */
    public double successPercent() {
        return total == 0 ? 100.0 : (succeeded + skipped) * 100.0 / total;
    }
}
