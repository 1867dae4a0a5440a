package dev.twinops.simulator.device;

import dev.twinops.dm.method.MethodResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A device's connection to its hub, as the state machines need it. {@link SdkHubLink} is the real one (the Azure
 * device SDK over MQTT); tests substitute a recording fake.
 */
public interface HubLink {

    /**
     * Connects (retrying until it works or {@link #disconnect()} is called), subscribes to desired properties and
     * methods, and completes with the twin. Inbound calls go to {@code handler} from then on.
     */
    CompletableFuture<DeviceTwinSnapshot> connect(Handler handler);

    /**
     * Queues a reported-properties patch (nulls delete). Patches are sent one at a time in order, merged while
     * waiting, retried on timeout, and kept across a disconnect; the future completes when the hub acknowledged
     * a patch containing this one.
     */
    CompletableFuture<Void> report(Map<String, Object> patch);

    /** Sends a small telemetry message if connected; dropped otherwise. */
    void sendTelemetry(String json);

    /** Closes the connection (queued reports stay queued for the next connect). */
    CompletableFuture<Void> disconnect();

    /** Closes for good: queued reports are abandoned. */
    CompletableFuture<Void> close();

    /** What the hub asks of the device. Called on transport threads. */
    interface Handler {
        /** Answers a direct method; may block only to simulate a slow device. */
        MethodResponse onMethod(String methodName, String payloadJson);

        void onDesiredPropertiesChanged(Map<String, Object> desiredPatch);

        /** The transport lost or regained its connection by itself (not through connect/disconnect). */
        void onConnectionChanged(boolean connected);
    }
}
