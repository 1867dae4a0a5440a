package dev.twinops.simulator.device;

import java.util.Map;

/** The twin as a device reads it after connecting: desired and reported properties (with $version/$metadata). */
public record DeviceTwinSnapshot(Map<String, Object> desired, Map<String, Object> reported) {

    public DeviceTwinSnapshot {
        desired = desired == null ? Map.of() : desired;
        reported = reported == null ? Map.of() : reported;
    }
}
