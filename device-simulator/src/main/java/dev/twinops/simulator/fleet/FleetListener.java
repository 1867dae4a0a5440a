package dev.twinops.simulator.fleet;

/** Receives fleet summaries when counts change (coalesced to a few per second), on the caller's executor. */
@FunctionalInterface
public interface FleetListener {
    void onSummary(FleetSummary summary);
}
