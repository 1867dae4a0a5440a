package dev.twinops.console.simulator;

import java.time.Duration;
import java.util.Objects;

import dev.twinops.simulator.faults.FaultSettings;

/**
 * What the operator asked the simulator launcher for.
 *
 * @param bandwidthBytesPerSecond simulated download speed per device, 0 = unlimited
 */
public record FleetSpec(int count, String prefix, FaultSettings faults, long seed, Duration bootTime,
                        long bandwidthBytesPerSecond) {

    public FleetSpec {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(bootTime, "bootTime");
    }
}
