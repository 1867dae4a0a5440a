package dev.twinops.console.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import dev.twinops.simulator.faults.FaultSettings;

/**
 * What the operator asked the simulator launcher for.
 *
 * @param bandwidthBytesPerSecond simulated download speed per device, 0 = unlimited
 * @param separateProcess         run the devices in a child JVM instead of the console's own process
 * @param shape                   a copied fleet's shape file (one device per entry, with its id, tags, firmware
 *                                version and device info; count and prefix are then the shape's), or null
 */
public record FleetSpec(int count, String prefix, FaultSettings faults, long seed, Duration bootTime,
                        long bandwidthBytesPerSecond, boolean separateProcess, Path shape) {

    public FleetSpec {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(bootTime, "bootTime");
    }

    public FleetSpec(int count, String prefix, FaultSettings faults, long seed, Duration bootTime,
                     long bandwidthBytesPerSecond, boolean separateProcess) {
        this(count, prefix, faults, seed, bootTime, bandwidthBytesPerSecond, separateProcess, null);
    }

    /** The fleet of a shape file ({@code count} devices in it), in the console's process or a child JVM. */
    public static FleetSpec ofShape(Path shape, int count, FaultSettings faults, long seed, Duration bootTime,
                                    boolean separateProcess) {
        return new FleetSpec(count, "", faults, seed, bootTime, 0, separateProcess, Objects.requireNonNull(shape));
    }

    /** A fleet in the console's own process. */
    public FleetSpec(int count, String prefix, FaultSettings faults, long seed, Duration bootTime,
                     long bandwidthBytesPerSecond) {
        this(count, prefix, faults, seed, bootTime, bandwidthBytesPerSecond, false);
    }
}
