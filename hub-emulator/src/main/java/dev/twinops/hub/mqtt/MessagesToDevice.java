package dev.twinops.hub.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What the hub sends one device on its connection: QoS 1 messages on topics it subscribed to (the {@code $iothub}
 * topics are per connection, so nothing reaches a device it did not ask for), kept in its session's
 * {@link Outbox} until acknowledged and sent again when its persistent session reconnects. Event-loop confined,
 * like its connection.
 */
final class MessagesToDevice {
    private static final Logger LOG = LoggerFactory.getLogger(MessagesToDevice.class);

    private final ChannelHandlerContext ctx;
    private final String deviceId;
    private final SessionSubscriptions subscriptions;
    private final Outbox outbox;

    MessagesToDevice(ChannelHandlerContext ctx, String deviceId, SessionSubscriptions subscriptions, Outbox outbox) {
        this.ctx = ctx;
        this.deviceId = deviceId;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
    }

    /**
     * Sends a QoS 1 message if the device subscribed to its topic; {@code written} (may be null) hears when it is
     * on the wire. False if it was not sent.
     */
    boolean publishIfSubscribed(String topic, byte[] payload, ChannelFutureListener written) {
        if (!subscriptions.matches(topic)) {
            LOG.debug("Device {} is not subscribed to '{}': not sent", deviceId, topic);
            return false;
        }
        Outbox.Message message = outbox.add(topic, payload);
        if (message == null) {
            LOG.warn("Device {} has not acknowledged {} messages ({} bytes at most): dropping '{}'", deviceId,
                    outbox.size(), Outbox.MAX_UNACKED_BYTES, topic);
            return false;
        }
        LOG.trace("To {}: '{}' ({} bytes, packet id {})", deviceId, topic, payload.length, message.packetId());
        var future = ctx.writeAndFlush(packet(message, false));
        if (written != null) {
            future.addListener(written);
        }
        return true;
    }

    /** Whether the session's outbox would take a message of this size (a device that acknowledges nothing fills it). */
    boolean hasRoomFor(int payloadBytes) {
        return outbox.hasRoomFor(payloadBytes);
    }

    /**
     * Sends a message at QoS 0 if the device subscribed to its topic: nothing waits for an acknowledgement, so it
     * goes out even when the device has stopped acknowledging (MQTT lets a server send below the granted QoS).
     */
    void publishAtMostOnce(String topic, byte[] payload) {
        if (subscriptions.matches(topic)) {
            ctx.writeAndFlush(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false,
                    MqttQoS.AT_MOST_ONCE, false, 0), new MqttPublishVariableHeader(topic, 0), Unpooled.wrappedBuffer(payload)));
        }
    }

    /** MQTT 3.1.1 section 4.4: what the session's earlier connections sent and the device did not acknowledge. */
    void resendUnacknowledged() {
        List<Outbox.Message> unacknowledged = outbox.unacknowledged();
        if (unacknowledged.isEmpty()) {
            return;
        }
        LOG.debug("Sending {} unacknowledged messages to {} again", unacknowledged.size(), deviceId);
        for (Outbox.Message message : unacknowledged) {
            ctx.write(packet(message, true));
        }
        ctx.flush();
    }

    /** The device's PUBACK. */
    void acknowledged(int packetId) {
        outbox.acknowledged(packetId);
    }

    private static MqttPublishMessage packet(Outbox.Message message, boolean again) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, again, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(message.topic(), message.packetId()), Unpooled.wrappedBuffer(message.payload()));
    }
}
