package dev.twinops.hub.state;

/** Whether a device may connect; serialised lowercase in twins and capitalised in the registry, as IoT Hub does. */
public enum DeviceStatus {
    ENABLED, DISABLED
}
