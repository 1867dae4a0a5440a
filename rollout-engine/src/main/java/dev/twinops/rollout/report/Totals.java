package dev.twinops.rollout.report;

import dev.twinops.rollout.engine.WaveCounts;

/** Devices by how they ended (or where they are, for a live report). */
public record Totals(int devices, int succeeded, int failed, int skipped, int offline, int stuck, int inFlight,
                     int waiting) {

    static Totals of(WaveCounts c) {
        return new Totals(c.total(), c.succeeded(), c.failed(), c.skipped(), c.offline(), c.stuck(), c.inFlight(),
                c.waiting());
    }

    Totals plus(Totals o) {
        return new Totals(devices + o.devices, succeeded + o.succeeded, failed + o.failed, skipped + o.skipped,
                offline + o.offline, stuck + o.stuck, inFlight + o.inFlight, waiting + o.waiting);
    }

    static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0, 0, 0);
}
