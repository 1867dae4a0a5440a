package dev.twinops.hub.methods;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import dev.twinops.hub.state.HubState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Routes direct-method invocations to devices and their responses back to the callers.
 *
 * <p>Nothing here holds a thread per call: an invocation is a future plus one timer, so thousands can be in flight
 * at once. A delivered call's response timer runs on its device connection's I/O thread
 * ({@link DeviceMethodChannel#ioThread()}); a call waiting for its device has its connect timer on the given
 * scheduler (the hub's event loops).
 *
 * <p>Semantics, following IoT Hub:
 * <ul>
 *   <li>A device that is connected and subscribed to {@code $iothub/methods/POST/#} gets the request at once,
 *       then the response timeout starts; no answer in time: {@link HubError#GATEWAY_TIMEOUT} (504101).</li>
 *   <li>A device that is not (connected and subscribed): with connect timeout 0 the call fails at once with
 *       {@link HubError#DEVICE_NOT_ONLINE} (404103); otherwise it waits up to the connect timeout for the device,
 *       is delivered when it becomes ready, and only then the response timeout starts.</li>
 *   <li>A request already delivered stays pending when the device disconnects: it ends with its answer (a device
 *       may still answer on its next connection) or with 504101 when the response timeout runs out. A request
 *       that could not even be written to the connection fails at once with 404103.</li>
 * </ul>
 * The returned futures complete on a hub event-loop thread: dependent stages must not block.
 */
public final class DirectMethodRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectMethodRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Phase { WAITING_FOR_DEVICE, DELIVERED, DONE }

    private final HubState state;
    private final ScheduledExecutorService timer;
    private final AtomicLong requestIds = new AtomicLong();
    /** Devices connected and subscribed to method requests, with the connection to use. */
    private final Map<String, DeviceMethodChannel> readyDevices = new ConcurrentHashMap<>();
    /** Calls waiting for their device to connect; queues are only touched inside the map's compute functions. */
    private final Map<String, Queue<PendingCall>> waitingForDevice = new ConcurrentHashMap<>();
    /** Delivered calls by request id. */
    private final Map<String, PendingCall> awaitingResponse = new ConcurrentHashMap<>();

    /** IoT Hub's limit for a method's request and response payload: "a JSON document up to 128 KB". */
    public static final int MAX_PAYLOAD_BYTES = 128 * 1024;

    public DirectMethodRouter(HubState state, ScheduledExecutorService timer) {
        this.state = state;
        this.timer = timer;
    }

    /**
     * Invokes a method on a device. Timeouts and payload size are expected validated; the method name is checked
     * here ({@link MethodNames}).
     *
     * @return completes with the device's answer, or fails with a {@link HubException}: ARGUMENT_INVALID (a
     * method name that cannot be a topic level), DEVICE_NOT_FOUND, DEVICE_NOT_ONLINE (404103) or GATEWAY_TIMEOUT
     * (504101)
     */
    public CompletableFuture<DirectMethodResult> invoke(String deviceId, String methodName, JsonNode payload,
                                                        int responseTimeoutSeconds, int connectTimeoutSeconds) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(payload == null ? NullNode.getInstance() : payload);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new HubException(HubError.ARGUMENT_INVALID,
                    "The method payload cannot be serialised: " + e.getOriginalMessage()));
        }
        return invokeSerialised(deviceId, methodName, body, responseTimeoutSeconds, connectTimeoutSeconds);
    }

    /**
     * As {@link #invoke(String, String, JsonNode, int, int)}, with the payload already serialised as JSON (the
     * REST route has it from checking its size), so it is not serialised twice.
     */
    public CompletableFuture<DirectMethodResult> invokeSerialised(String deviceId, String methodName, byte[] body,
                                                                  int responseTimeoutSeconds, int connectTimeoutSeconds) {
        try {
            // checked here, next to the topic it becomes part of, whoever calls (the REST route, a job)
            MethodNames.check(methodName);
        } catch (HubException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (state.registry().device(deviceId).isEmpty()) {
            return CompletableFuture.failedFuture(new HubException(HubError.DEVICE_NOT_FOUND,
                    "The device with id '" + deviceId + "' could not be found."));
        }
        PendingCall call = new PendingCall(deviceId, methodName, body, responseTimeoutSeconds,
                Long.toHexString(requestIds.incrementAndGet()));

        DeviceMethodChannel channel = readyDevices.get(deviceId);
        if (channel != null) {
            deliver(call, channel, Phase.WAITING_FOR_DEVICE);
            return call.future;
        }
        if (connectTimeoutSeconds <= 0) {
            call.phase.set(Phase.DONE);
            return CompletableFuture.failedFuture(notOnline());
        }
        // timer before enqueueing: once queued, another thread may deliver the call and set its response timer
        call.timeout = timer.schedule(() -> connectTimedOut(call), connectTimeoutSeconds, TimeUnit.SECONDS);
        waitingForDevice.compute(deviceId, (id, queue) -> {
            Queue<PendingCall> q = queue == null ? new ArrayDeque<>() : queue;
            q.add(call);
            return q;
        });
        // the device may have become ready between the lookup and the enqueue
        DeviceMethodChannel lateChannel = readyDevices.get(deviceId);
        if (lateChannel != null) {
            deliverWaiting(deviceId, lateChannel);
        }
        return call.future;
    }

    /** The device is connected and subscribed to method requests on this channel: deliver what waits for it. */
    public void deviceReady(String deviceId, DeviceMethodChannel channel) {
        readyDevices.put(deviceId, channel);
        deliverWaiting(deviceId, channel);
    }

    /** The channel closed or unsubscribed; a newer channel of the same device is left in place. */
    public void deviceGone(String deviceId, DeviceMethodChannel channel) {
        readyDevices.remove(deviceId, channel);
    }

    /**
     * A device answered. Answers to unknown or finished requests, or to another device's request, are ignored.
     *
     * @return whether the answer completed a pending call
     */
    public boolean responseReceived(String deviceId, String requestId, int status, byte[] payload) {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return responseTooLarge(deviceId, requestId, payload.length);
        }
        PendingCall call = awaitingResponse.get(requestId);
        if (call == null || !call.deviceId.equals(deviceId)) {
            LOG.debug("Ignoring method response from {} for unknown request {}", deviceId, requestId);
            return false;
        }
        if (!call.phase.compareAndSet(Phase.DELIVERED, Phase.DONE)) {
            return false;
        }
        awaitingResponse.remove(requestId, call);
        cancelTimeout(call);
        call.future.complete(new DirectMethodResult(status, parsePayload(payload)));
        return true;
    }

    /**
     * A device answered with a payload over IoT Hub's 128 KB (known from the packet's length, before it is
     * copied): the call fails with MESSAGE_TOO_LARGE instead of passing the payload on.
     *
     * @return false if the answer belongs to no pending call of this device
     */
    public boolean responseTooLarge(String deviceId, String requestId, int payloadBytes) {
        PendingCall call = awaitingResponse.get(requestId);
        if (call == null || !call.deviceId.equals(deviceId) || !call.phase.compareAndSet(Phase.DELIVERED, Phase.DONE)) {
            return false;
        }
        awaitingResponse.remove(requestId, call);
        cancelTimeout(call);
        LOG.info("Device {} answered method {} with {} bytes: over the {} byte limit", deviceId, call.methodName,
                payloadBytes, MAX_PAYLOAD_BYTES);
        call.future.completeExceptionally(new HubException(HubError.MESSAGE_TOO_LARGE, "The device's response to method '"
                + call.methodName + "' is " + payloadBytes + " bytes; IoT Hub's limit for a method payload is "
                + MAX_PAYLOAD_BYTES + " bytes (128 KB)"));
        return true;
    }

    /** Calls delivered and waiting for an answer, plus calls waiting for their device. */
    public int pendingCount() {
        int waiting = 0;
        for (String id : waitingForDevice.keySet()) {
            Queue<PendingCall> q = waitingForDevice.computeIfPresent(id, (k, v) -> v);
            waiting += q == null ? 0 : q.size();
        }
        return awaitingResponse.size() + waiting;
    }

    /** Fails every pending call with SERVER_ERROR; used when the hub stops. */
    @Override
    public void close() {
        List<PendingCall> pending = new ArrayList<>(awaitingResponse.values());
        for (String id : List.copyOf(waitingForDevice.keySet())) {
            Queue<PendingCall> q = waitingForDevice.remove(id);
            if (q != null) {
                pending.addAll(q);
            }
        }
        awaitingResponse.clear();
        for (PendingCall call : pending) {
            if (call.phase.getAndSet(Phase.DONE) != Phase.DONE) {
                cancelTimeout(call);
                call.future.completeExceptionally(new HubException(HubError.SERVER_ERROR, "The hub is stopping."));
            }
        }
    }

    private void deliverWaiting(String deviceId, DeviceMethodChannel channel) {
        Queue<PendingCall> queue = waitingForDevice.remove(deviceId);
        if (queue == null) {
            return;
        }
        for (PendingCall call : queue) {
            deliver(call, channel, Phase.WAITING_FOR_DEVICE);
        }
    }

    private void deliver(PendingCall call, DeviceMethodChannel channel, Phase from) {
        if (!call.phase.compareAndSet(from, Phase.DELIVERED)) {
            return;
        }
        cancelTimeout(call);
        awaitingResponse.put(call.requestId, call);
        Optional<ScheduledExecutorService> io = channel.ioThread();
        if (io.isEmpty()) {
            call.timeout = timer.schedule(() -> responseTimedOut(call), call.responseTimeoutSeconds, TimeUnit.SECONDS);
            send(call, channel);
            return;
        }
        // One task on the connection's own thread sets the timer and sends (one hand-off, not two; none when the
        // caller is on that thread already): the timer is set before any answer is read there, and the answer
        // cancels it without a hand-off.
        ScheduledExecutorService loop = io.get();
        Runnable timeAndSend = () -> {
            call.timeout = loop.schedule(() -> responseTimedOut(call), call.responseTimeoutSeconds, TimeUnit.SECONDS);
            send(call, channel);
        };
        if (channel.onIoThread()) {
            timeAndSend.run();
            return;
        }
        try {
            loop.execute(timeAndSend);
        } catch (RejectedExecutionException e) {
            undeliverable(call, e); // the connection's event loop is shutting down
        }
    }

    private void send(PendingCall call, DeviceMethodChannel channel) {
        channel.sendMethodRequest(call.methodName, call.requestId, call.payload, failure -> undeliverable(call, failure));
    }

    private void connectTimedOut(PendingCall call) {
        if (!call.phase.compareAndSet(Phase.WAITING_FOR_DEVICE, Phase.DONE)) {
            return;
        }
        waitingForDevice.computeIfPresent(call.deviceId, (id, queue) -> {
            queue.remove(call);
            return queue.isEmpty() ? null : queue;
        });
        call.future.completeExceptionally(notOnline());
    }

    private void responseTimedOut(PendingCall call) {
        if (!call.phase.compareAndSet(Phase.DELIVERED, Phase.DONE)) {
            return;
        }
        awaitingResponse.remove(call.requestId, call);
        LOG.debug("Method {} on {} (request {}) got no response in {} s",
                call.methodName, call.deviceId, call.requestId, call.responseTimeoutSeconds);
        call.future.completeExceptionally(new HubException(HubError.GATEWAY_TIMEOUT,
                "Timed out waiting for the response from device."));
    }

    private void undeliverable(PendingCall call, Throwable failure) {
        if (!call.phase.compareAndSet(Phase.DELIVERED, Phase.DONE)) {
            return;
        }
        awaitingResponse.remove(call.requestId, call);
        cancelTimeout(call);
        LOG.debug("Method {} could not be sent to {}: {}", call.methodName, call.deviceId, String.valueOf(failure));
        call.future.completeExceptionally(new HubException(HubError.DEVICE_NOT_ONLINE,
                "The device disconnected before the method request could be delivered."));
    }

    private static void cancelTimeout(PendingCall call) {
        ScheduledFuture<?> t = call.timeout;
        if (t != null) {
            t.cancel(false);
        }
    }

    private static HubException notOnline() {
        return new HubException(HubError.DEVICE_NOT_ONLINE, "Timed out waiting for device to connect.");
    }

    /** Empty -> null; JSON -> as is; anything else -> the text, so the caller still sees what the device said. */
    static JsonNode parsePayload(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return NullNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(payload);
            return node == null || node.isMissingNode() ? NullNode.getInstance() : node;
        } catch (IOException e) {
            return TextNode.valueOf(new String(payload, StandardCharsets.UTF_8));
        }
    }

    private static final class PendingCall {
        final String deviceId;
        final String methodName;
        final byte[] payload;
        final int responseTimeoutSeconds;
        final String requestId;
        final CompletableFuture<DirectMethodResult> future = new CompletableFuture<>();
        final AtomicReference<Phase> phase = new AtomicReference<>(Phase.WAITING_FOR_DEVICE);
        volatile ScheduledFuture<?> timeout;

        PendingCall(String deviceId, String methodName, byte[] payload, int responseTimeoutSeconds, String requestId) {
            this.deviceId = deviceId;
            this.methodName = methodName;
            this.payload = payload;
            this.responseTimeoutSeconds = responseTimeoutSeconds;
            this.requestId = requestId;
        }
    }
}
