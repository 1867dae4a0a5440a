package dev.twinops.console.simulator;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.twinops.simulator.fleet.FleetSummary;

/** A simulated fleet running in the console's process. */
public interface RunningFleet {

    /** Sends summaries (coalesced by the fleet) to {@code listener} on {@code executor}, the current one at once. */
    void onSummary(Consumer<FleetSummary> listener, Executor executor);

    /** Stops every device; blocks up to half a minute. */
    void close();
}
