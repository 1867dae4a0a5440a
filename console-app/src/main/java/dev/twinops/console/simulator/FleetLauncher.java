package dev.twinops.console.simulator;

/** Starts a simulated fleet against the hub the console is connected to. Blocks briefly: call it off the FX thread. */
@FunctionalInterface
public interface FleetLauncher {

    /**
     * @throws IllegalStateException with a message for the operator when there is no usable hub
     */
    RunningFleet launch(FleetSpec spec) throws Exception;
}
