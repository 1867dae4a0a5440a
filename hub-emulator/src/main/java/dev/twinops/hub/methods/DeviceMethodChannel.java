package dev.twinops.hub.methods;

import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * A device connection that has subscribed to direct-method requests; implemented by the MQTT endpoint.
 * Implementations must not block: they hand the write to their own I/O thread.
 */
public interface DeviceMethodChannel {

    /**
     * Sends {@code $iothub/methods/POST/{methodName}/?$rid={requestId}} to the device: at once when called on the
     * connection's own I/O thread, else handed to it.
     *
     * @param undeliverable called (on any thread) if the request could not be written, e.g. the
     *                      connection closed in the meantime
     */
    void sendMethodRequest(String methodName, String requestId, byte[] payload, Consumer<Throwable> undeliverable);

    /**
     * The connection's own I/O thread as a scheduler, if it has one. A delivered call's response timer is set there:
     * that thread runs the send and reads the answer anyway, so setting and cancelling the timer wakes no other
     * thread (on an event-loop group, a timer goes to whichever loop is next and wakes it). Empty: the router's
     * own timer.
     */
    default Optional<ScheduledExecutorService> ioThread() {
        return Optional.empty();
    }

    /**
     * Whether the calling thread is {@link #ioThread()}: then {@link #sendMethodRequest} may write at once rather
     * than queue a task for it.
     */
    default boolean onIoThread() {
        return false;
    }
}
