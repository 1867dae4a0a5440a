package dev.twinops.hub.methods;

import java.util.function.Consumer;

/**
 * A device connection that has subscribed to direct-method requests; implemented by the MQTT endpoint.
 * Implementations must not block: they hand the write to their own I/O thread.
 */
public interface DeviceMethodChannel {

    /**
     * Sends {@code $iothub/methods/POST/{methodName}/?$rid={requestId}} to the device.
     *
     * @param undeliverable called (on any thread) if the request could not be written, e.g. the
     *                      connection closed in the meantime
     */
    void sendMethodRequest(String methodName, String requestId, byte[] payload, Consumer<Throwable> undeliverable);
}
