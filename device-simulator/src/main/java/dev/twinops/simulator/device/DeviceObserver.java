package dev.twinops.simulator.device;

import java.util.Map;

/** Watches simulated devices: connection and busy changes, and each reported patch the hub acknowledged. */
public interface DeviceObserver {

    void onStateChanged(String deviceId, ConnectionState state, boolean busy);

    /** A reported patch the hub acknowledged (phase changes are never merged away; progress may be). */
    default void onReported(String deviceId, Map<String, Object> patch) {
    }

    DeviceObserver NONE = (id, state, busy) -> { };
}
