package dev.twinops.hub.mqtt;

import dev.twinops.hub.state.HubState;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One connection's session set-up and its SUBSCRIBE and UNSUBSCRIBE packets: applied to the session's filters
 * ({@link SessionSubscriptions}), and for a persistent session stored in the state database before they are
 * acknowledged, because the device SDK does not subscribe again after a reconnect. Nothing is written when a
 * packet changes nothing. Event-loop confined, like its connection.
 */
final class SubscriptionRequests {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRequests.class);

    private final ChannelHandlerContext ctx;
    private final HubState state;
    private final String deviceId;
    private final SessionSubscriptions subscriptions;
    private final boolean persistent;
    /** Told when the filters changed, before the device hears of it (method requests must find it ready). */
    private final Runnable changed;
    /** Closes the connection with a reason. */
    private final Consumer<String> close;

    SubscriptionRequests(ChannelHandlerContext ctx, HubState state, String deviceId, SessionSubscriptions subscriptions,
                         boolean persistent, Runnable changed, Consumer<String> close) {
        this.ctx = ctx;
        this.state = state;
        this.deviceId = deviceId;
        this.subscriptions = subscriptions;
        this.persistent = persistent;
        this.changed = changed;
        this.close = close;
    }

    /**
     * At CONNECT: a persistent session takes over the stored filters (within today's limits), a clean one
     * discards them.
     *
     * @return whether a stored session was found (CONNACK's session-present flag, together with the outbox)
     */
    boolean restore() {
        Set<String> stored = state.sessions().subscriptions(deviceId);
        if (persistent) {
            subscriptions.restore(stored);
            if (subscriptions.size() < stored.size()) {
                // stored before today's limits: keep what is allowed now
                save(() -> { });
            }
        } else if (!stored.isEmpty()) {
            state.sessions().save(deviceId, Set.of()).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.warn("Could not discard the stored session of {}: {}", deviceId, error.toString());
                }
            });
        }
        return persistent && !stored.isEmpty();
    }

    void subscribe(MqttSubscribeMessage subscribe) {
        int packetId = subscribe.variableHeader().messageId();
        SessionSubscriptions.Outcome outcome = subscriptions.subscribe(subscribe.payload().topicSubscriptions());
        List<MqttQoS> granted = outcome.granted();
        Runnable ack = () -> {
            changed.run();
            ctx.writeAndFlush(MqttMessageBuilders.subAck().packetId(packetId)
                    .addGrantedQoses(granted.toArray(MqttQoS[]::new)).build());
        };
        if (persistent && outcome.changed()) {
            save(ack);
        } else {
            ack.run();
        }
    }

    void unsubscribe(MqttUnsubscribeMessage unsubscribe) {
        int packetId = unsubscribe.variableHeader().messageId();
        boolean removed = subscriptions.unsubscribe(unsubscribe.payload().topics());
        changed.run();
        Runnable ack = () -> ctx.writeAndFlush(MqttMessageBuilders.unsubAck().packetId(packetId).build());
        if (persistent && removed) {
            save(ack);
        } else {
            ack.run();
        }
    }

    /** Stores the session's filters, then acknowledges; a session that cannot be stored is closed. */
    private void save(Runnable ack) {
        state.sessions().save(deviceId, subscriptions.filters()).whenComplete((ok, error) ->
                ctx.executor().execute(() -> {
                    if (error == null) {
                        ack.run();
                    } else {
                        LOG.warn("Could not store the MQTT session of {}: {}", deviceId,
                                DeviceConnection.unwrap(error).toString());
                        close.accept("session could not be stored");
                    }
                }));
    }
}
