package dev.twinops.hub.state;

/**
 * Told after a registry change is durable, e.g. so the device endpoint can drop the connection of a device
 * that was disabled or deleted. Called on the state writer thread: return quickly, never block.
 */
public interface RegistryListener {
    default void deviceUpdated(DeviceIdentity device) {
    }

    default void deviceDeleted(String deviceId) {
    }
}
