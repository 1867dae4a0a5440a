package dev.twinops.console.simulator;

import java.time.Duration;
import java.util.Objects;

import dev.twinops.simulator.faults.FaultSettings;

/**
 * What the operator asked the simulator launcher for.
 *
 * @param bandwidthBytesPerSecond simulated download speed per device, 0 = unlimited
 * @param separateProcess         run the devices in a child JVM instead of the console's own process
 */
public record FleetSpec(int count, String prefix, FaultSettings faults, long seed, Duration bootTime,
                        long bandwidthBytesPerSecond, boolean separateProcess) {

    public FleetSpec {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(bootTime, "bootTime");
    }

    /** A fleet in the console's own process. */
    public FleetSpec(int count, String prefix, FaultSettings faults, long seed, Duration bootTime,
                     long bandwidthBytesPerSecond) {
        this(count, prefix, faults, seed, bootTime, bandwidthBytesPerSecond, false);
    }
}
