package dev.twinops.hub.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import dev.twinops.hub.state.HubState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelFutureListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.io.UncheckedIOException;

/**
 * One connection's twin requests, {@code $iothub/twin/GET} and {@code $iothub/twin/PATCH/properties/reported},
 * answered on {@code $iothub/twin/res/{status}/?$rid=R}. Event-loop confined, like its connection.
 *
 * <p>What one device can make the hub hold for it is bounded: a request counts as in flight until its answer is
 * written to the socket (a reported patch also while it waits for its commit), and beyond
 * {@link #MAX_IN_FLIGHT} the answer is IoT Hub's throttling one, {@code res/429} with errorCode 429001. Together
 * with the connection reading nothing while its channel is not writable, a device that sends twin GETs and stops
 * reading cannot make the hub queue answers without bound.
 */
final class TwinRequests {
    private static final Logger LOG = LoggerFactory.getLogger(TwinRequests.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Twin requests of one connection whose answers are not yet on the wire. IoT Hub documents no per-connection
     * figure, only that it answers a device that asks too fast with 429 (its MQTT support article); a client that
     * waits for its answers stays far below 16.
     */
    static final int MAX_IN_FLIGHT = 16;
    /**
     * A reported patch larger than this cannot fit IoT Hub's 32 KB reported-properties section, whose size counts
     * keys and values but not JSON punctuation: twice the section leaves room for the punctuation of a patch of
     * many short properties. Larger ones are refused from their length, before they are copied or parsed.
     */
    static final int MAX_REPORTED_PATCH_BYTES = 2 * 32 * 1024;

    private final DeviceConnection connection;
    private final HubState state;
    private final String deviceId;
    private int inFlight;

    TwinRequests(DeviceConnection connection, HubState state, String deviceId) {
        this.connection = connection;
        this.state = state;
        this.deviceId = deviceId;
    }

    /** Requests whose answers are not yet written (for tests and diagnostics). */
    int inFlight() {
        return inFlight;
    }

    void get(String rid) {
        if (!admit(rid)) {
            return;
        }
        byte[] twin;
        try {
            twin = JSON.writeValueAsBytes(state.deviceTwin(deviceId));
        } catch (HubException e) {
            answerError(rid, e.error(), e.getMessage());
            return;
        } catch (Exception e) {
            LOG.warn("Twin GET of {} failed", deviceId, e);
            answerError(rid, HubError.SERVER_ERROR, "The twin could not be read.");
            return;
        }
        answer(rid, DeviceTopics.TWIN_RESPONSES + "200/?$rid=" + rid, twin);
    }

    /**
     * Stores a reported-properties patch; the answer ({@code 204} with the new version) goes out once it is
     * durable, right after the PUBACK: {@code acknowledgeThen} writes the connection's PUBACK for this message,
     * then runs the answer it is given (the device SDK forgets a request once answered, so its PUBACK must come first). {@code content} is read before this
     * returns and not kept. With an {@code expectedVersion} (the topic's {@code $version}) it is applied only at
     * that version, else refused with 412.
     */
    void patchReported(String rid, Long expectedVersion, ByteBuf content, Consumer<Runnable> acknowledgeThen) {
        if (!admit(rid)) {
            acknowledgeThen.accept(() -> { });
            return;
        }
        int size = content.readableBytes();
        if (size > MAX_REPORTED_PATCH_BYTES) {
            acknowledgeThen.accept(() -> answerError(rid, HubError.ARGUMENT_INVALID, "The reported-properties patch has " + size
                    + " bytes; it cannot fit the 32 KB reported properties (at most " + MAX_REPORTED_PATCH_BYTES
                    + " bytes of JSON are read)"));
            return;
        }
        JsonNode patch;
        try (InputStream in = new ByteBufInputStream(content.duplicate())) {
            patch = JSON.readTree(in);
        } catch (IOException e) {
            acknowledgeThen.accept(() -> answerError(rid, HubError.ARGUMENT_INVALID, "The reported-properties patch is not valid JSON."));
            return;
        }
        if (patch == null || !patch.isObject()) {
            acknowledgeThen.accept(() -> answerError(rid, HubError.ARGUMENT_INVALID, "The reported-properties patch must be a JSON object."));
            return;
        }
        state.patchReported(deviceId, patch, expectedVersion).whenComplete((version, error) ->
                // durable now (or refused); answer from the connection's own thread
                connection.onEventLoop(() -> acknowledgeThen.accept(() -> answerStored(rid, version, error))));
    }

    private void answerStored(String rid, Long version, Throwable error) {
        if (error == null) {
            answer(rid, DeviceTopics.TWIN_RESPONSES + "204/?$rid=" + rid + "&$version=" + version, new byte[0]);
            return;
        }
        Throwable cause = DeviceConnection.unwrap(error);
        if (cause instanceof HubException hub) {
            answerError(rid, hub.error(), hub.getMessage());
        } else {
            LOG.warn("Reported-properties patch of {} failed", deviceId, cause);
            answerError(rid, HubError.SERVER_ERROR, "The reported properties could not be stored.");
        }
    }

    /** Counts the request in, or answers 429 when the connection already has its fill. */
    private boolean admit(String rid) {
        if (inFlight >= MAX_IN_FLIGHT) {
            LOG.debug("Device {} has {} twin requests in flight: request {} throttled", deviceId, inFlight, rid);
            throttled(rid);
            return false;
        }
        inFlight++;
        return true;
    }

    /**
     * The answer to an admitted request: in flight until written. A device that has stopped acknowledging what
     * it is sent (its session holds all it may) gets the throttling answer instead.
     */
    private void answer(String rid, String topic, byte[] payload) {
        MessagesToDevice messages = connection.messages();
        if (!messages.hasRoomFor(payload.length)) {
            inFlight--;
            LOG.debug("Device {} does not acknowledge its messages: request {} throttled", deviceId, rid);
            throttled(rid);
            return;
        }
        ChannelFutureListener written = future -> inFlight--;
        if (!messages.publishIfSubscribed(topic, payload, written)) {
            inFlight--;
        }
    }

    private void answerError(String rid, HubError error, String message) {
        answer(rid, DeviceTopics.TWIN_RESPONSES + error.httpStatus() + "/?$rid=" + rid, errorBody(error, message));
    }

    /** IoT Hub's throttling answer, at QoS 0: it waits for nothing, whatever the device acknowledges. */
    private void throttled(String rid) {
        connection.messages().publishAtMostOnce(DeviceTopics.TWIN_RESPONSES + HubError.THROTTLED.httpStatus() + "/?$rid=" + rid,
                errorBody(HubError.THROTTLED, "Too many twin requests in flight on this connection (at most "
                        + MAX_IN_FLIGHT + "), or too many messages it has not acknowledged; read the answers and"
                        + " acknowledge them"));
    }

    private static byte[] errorBody(HubError error, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("errorCode", error.errorCode());
        body.put("message", message);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
