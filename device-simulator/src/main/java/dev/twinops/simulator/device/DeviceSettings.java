package dev.twinops.simulator.device;

import dev.twinops.dm.reported.DeviceInfo;
import java.time.Duration;
import java.util.Objects;

/**
 * How one simulated device behaves in time.
 *
 * @param factoryFirmwareVersion version the device ships with and returns to on factory reset
 * @param bootTime            how long the device stays offline when it reboots
 * @param applyTime           how long verifying plus writing an image takes
 * @param watchdogTimeout     how long a hung operation lasts before the device's watchdog resets it
 * @param slowResponseDelay   how late a slow device answers a method (longer than a caller's default 30 s)
 * @param offlineDuration     how long a device that drops off during an update stays away
 * @param progressInterval    minimum time between two download-progress reports
 * @param responseGrace       least time between answering a method and dropping the connection, so the answer leaves
 */
public record DeviceSettings(String factoryFirmwareVersion, DeviceInfo deviceInfo, Duration bootTime,
                             Duration applyTime, Duration watchdogTimeout, Duration slowResponseDelay,
                             Duration offlineDuration, Duration progressInterval, Duration responseGrace) {

    public DeviceSettings {
        Objects.requireNonNull(factoryFirmwareVersion, "factoryFirmwareVersion");
        Objects.requireNonNull(deviceInfo, "deviceInfo");
        for (Duration d : new Duration[] {bootTime, applyTime, watchdogTimeout, slowResponseDelay, offlineDuration,
                progressInterval, responseGrace}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("device timings must be zero or positive");
            }
        }
    }
}
