package dev.twinops.hub.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.methods.DeviceMethodChannel;
import dev.twinops.hub.methods.DirectMethodRouter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One device's MQTT connection: authenticates the CONNECT, keeps the session's subscriptions, answers twin
 * requests, forwards method requests and responses, counts telemetry.
 *
 * <p>All fields are confined to the channel's event loop; calls from other threads (method requests, desired
 * patches, replacement by a newer connection) hop onto it first. Nothing here blocks: state writes return
 * futures whose completion is handed back to the event loop.
 *
 * <p>It stays one class past the project's usual length on purpose: it is the one place that owns the connection's
 * event-loop-confined state through its lifecycle (CONNECT, session restore, keep-alive, token expiry, close), and
 * the per-topic work is already delegated ({@link TwinRequests}, {@link SubscriptionRequests},
 * {@link MessagesToDevice}, {@link PubAcks}); splitting the lifecycle would spread that confinement across classes.
 */
final class DeviceConnection extends SimpleChannelInboundHandler<MqttMessage> implements DeviceMethodChannel {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String IDLE_HANDLER = "idle";

    private final DeviceEndpoint endpoint;
    private final InetAddress remote;
    private ChannelHandlerContext ctx;
    /** Counted among the endpoint's connections that have not authenticated yet. */
    private boolean pending = true;
    private ScheduledFuture<?> connectDeadline;

    /** Set once the CONNECT was accepted. */
    private String deviceId;
    private boolean persistentSession;
    private TwinRequests twin;
    private SessionSubscriptions subscriptions;
    private SubscriptionRequests subscriptionRequests;
    /** This device session's unacknowledged messages (kept across its connections); set at CONNECT. */
    private Outbox outbox;
    private MessagesToDevice messages;
    private final PubAcks acks = new PubAcks(packetId ->
            ctx.writeAndFlush(MqttMessageBuilders.pubAck().packetId(packetId).build()));
    private boolean methodsAnnounced;
    private ScheduledFuture<?> tokenExpiry;
    private String closeReason;

    DeviceConnection(DeviceEndpoint endpoint, InetAddress remote) {
        this.endpoint = endpoint;
        this.remote = remote;
    }

    // ---- channel lifecycle ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            // added to a live connection: MQTT over WebSocket, after the handshake
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start();
        super.channelActive(ctx);
    }

    private void start() {
        if (connectDeadline != null) {
            return;
        }
        endpoint.channels().add(ctx.channel());
        // absolute: bytes trickling in (a CONNECT sent a byte at a time) do not move it
        connectDeadline = ctx.executor().schedule(() -> {
            if (deviceId == null) {
                close("no CONNECT within " + endpoint.limits().connectDeadline().toSeconds() + " s");
            }
        }, endpoint.limits().connectDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (tokenExpiry != null) {
            tokenExpiry.cancel(false);
        }
        if (connectDeadline != null) {
            connectDeadline.cancel(false);
        }
        endPending();
        if (deviceId != null) {
            endpoint.router().deviceGone(deviceId, this);
            endpoint.connectionClosed(deviceId, this);
            if (!persistentSession) {
                // a clean session ends with its connection
                endpoint.sessionEnded(deviceId, outbox);
            }
            // HubState counts connections: one "false" per accepted one, so a replaced connection is harmless
            try {
                endpoint.state().presence().connectionChanged(deviceId, false);
            } catch (RuntimeException e) {
                LOG.debug("Could not record the disconnect of {}: {}", deviceId, e.toString());
            }
            LOG.debug("Device {} disconnected ({})", deviceId, closeReason == null ? "connection closed" : closeReason);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            close("keep-alive expired: no packet for 1.5 x keepAlive (at most "
                    + endpoint.limits().maxKeepAliveTimeout().toSeconds() + " s)");
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /**
     * A device that does not read its answers makes the channel unwritable: read nothing more from it until the
     * answers drain, so what it asks for cannot pile up in the hub (its TCP window closes instead).
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof SSLException || root instanceof java.io.IOException) {
            // failed handshakes, resets by the peer: routine for devices on flaky links
            LOG.debug("Connection failure on {}: {}", ctx.channel().remoteAddress(), root.toString());
        } else {
            LOG.info("Closing MQTT connection {} ({}): {}", ctx.channel().remoteAddress(),
                    deviceId == null ? "not connected" : deviceId, root.toString());
        }
        ctx.close();
    }

    // ---- inbound packets ----

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        if (closeReason != null) {
            // closing: packets still arriving in the same read are not acted on
            return;
        }
        if (msg.decoderResult().isFailure()) {
            onUndecodable(msg);
            return;
        }
        MqttMessageType type = msg.fixedHeader().messageType();
        if (deviceId == null) {
            if (type == MqttMessageType.CONNECT) {
                onConnect((MqttConnectMessage) msg);
            } else {
                close("first packet is " + type + ", not CONNECT");
            }
            return;
        }
        endpoint.state().presence().deviceActivity(deviceId);
        switch (type) {
            case PUBLISH -> onPublish((MqttPublishMessage) msg);
            case PUBACK -> onPubAck(((MqttMessageIdVariableHeader) msg.variableHeader()).messageId());
            case SUBSCRIBE -> subscriptionRequests.subscribe((MqttSubscribeMessage) msg);
            case UNSUBSCRIBE -> subscriptionRequests.unsubscribe((MqttUnsubscribeMessage) msg);
            case PINGREQ -> ctx.writeAndFlush(new MqttMessage(
                    new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0)));
            case DISCONNECT -> close("device sent DISCONNECT");
            case CONNECT -> close("second CONNECT on one connection");
            default -> close("unexpected packet " + type);
        }
    }

    private void onUndecodable(MqttMessage msg) {
        Throwable cause = msg.decoderResult().cause();
        if (deviceId == null && cause instanceof MqttUnacceptableProtocolVersionException) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, "unsupported MQTT version");
        } else if (deviceId == null && cause instanceof MqttIdentifierRejectedException) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, "client id rejected");
        } else {
            close("malformed packet: " + cause);
        }
    }

    private void onConnect(MqttConnectMessage connect) {
        if (connect.variableHeader().version() != MqttVersion.MQTT_3_1_1.protocolLevel()) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    "MQTT protocol level " + connect.variableHeader().version() + " (only 3.1.1 is supported)");
            return;
        }
        String clientId = connect.payload().clientIdentifier();
        DeviceAuthenticator.Outcome outcome = endpoint.authenticator().authenticate(clientId,
                connect.variableHeader().hasUserName() ? connect.payload().userName() : null,
                connect.variableHeader().hasPassword() ? connect.payload().passwordInBytes() : null);
        if (!outcome.accepted()) {
            LOG.info("Refused MQTT connection of '{}' from {}: {}", clientId, ctx.channel().remoteAddress(), outcome.reason());
            refuse(outcome.code(), outcome.reason());
            return;
        }

        deviceId = clientId;
        connectDeadline.cancel(false);
        endPending();
        persistentSession = !connect.variableHeader().isCleanSession();
        twin = new TwinRequests(this, endpoint.state(), deviceId);
        subscriptions = new SessionSubscriptions(deviceId);
        outbox = endpoint.outbox(deviceId, persistentSession);
        messages = new MessagesToDevice(ctx, deviceId, subscriptions, outbox);
        // ready for method calls before the device learns it is subscribed, so a call it triggers right after
        // its SUBACK always finds it
        subscriptionRequests = new SubscriptionRequests(ctx, endpoint.state(), deviceId, subscriptions,
                persistentSession, this::methodSubscriptionChanged, this::close);
        DeviceConnection previous = endpoint.connectionOpened(deviceId, this);
        if (previous != null) {
            previous.replaced();
        }
        boolean sessionPresent = subscriptionRequests.restore() || (persistentSession && outbox.size() > 0);

        int keepAlive = connect.variableHeader().keepAliveTimeSeconds();
        // after the decoder: only whole packets count as signs of life, as MQTT's keep-alive means
        ctx.pipeline().addBefore(ctx.name(), IDLE_HANDLER, new IdleStateHandler(
                endpoint.limits().keepAliveTimeout(keepAlive).toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        Instant expiry = outcome.tokenExpiry();
        if (expiry != null) {
            // IoT Hub drops a connection when its SAS token expires; the SDK reconnects with a fresh token first
            long delayMs = Math.max(0, Duration.between(Instant.now(), expiry).toMillis());
            tokenExpiry = ctx.executor().schedule(() -> close("SAS token expired"), delayMs, TimeUnit.MILLISECONDS);
        }

        MqttConnAckMessage connAck = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(sessionPresent)
                .build();
        ctx.writeAndFlush(connAck);
        messages.resendUnacknowledged();
        try {
            endpoint.state().presence().connectionChanged(deviceId, true);
        } catch (RuntimeException e) {
            LOG.warn("Could not record the connection of {}: {}", deviceId, e.toString());
        }
        LOG.debug("Device {} connected from {} (keepAlive {} s, {} session, {} stored subscriptions)", deviceId,
                ctx.channel().remoteAddress(), keepAlive, persistentSession ? "persistent" : "clean", subscriptions.size());
        methodSubscriptionChanged();
    }

    private void onPublish(MqttPublishMessage publish) {
        MqttQoS qos = publish.fixedHeader().qosLevel();
        if (qos == MqttQoS.EXACTLY_ONCE) {
            close("QoS 2 is not supported");
            return;
        }
        String topic = publish.variableHeader().topicName();
        LOG.trace("From {}: '{}' ({} bytes, QoS {})", deviceId, topic, publish.content().readableBytes(), qos.value());
        DeviceTopics.Inbound inbound = DeviceTopics.classify(topic, deviceId);
        if (inbound instanceof DeviceTopics.Refused refused) {
            // IoT Hub closes the connection of a device that publishes to a topic it may not use
            LOG.info("Device {} published to '{}' ({}): disconnecting", deviceId, topic, refused.reason());
            close("publish to a refused topic");
            return;
        }
        PubAcks.Pending ack = null;
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            ack = acks.arrived(publish.variableHeader().packetId());
            if (ack == null) {
                close(PubAcks.MAX_PENDING + " messages wait for their acknowledgement");
                return;
            }
        }
        PubAcks.Pending owed = ack;
        Runnable handled = owed == null ? () -> { } : () -> acks.handled(owed);
        // a twin answer goes out after the PUBACK of its request, as IoT Hub does (see PubAcks.Pending#afterPubAck)
        Consumer<Runnable> acknowledgeThen = owed == null ? Runnable::run : answer -> {
            owed.afterPubAck(answer);
            acks.handled(owed);
        };
        ByteBuf content = publish.content();
        if (inbound instanceof DeviceTopics.ReportedPatch patch) {
            // acknowledged once committed (or refused): a PUBACK must not promise what a crash could still lose
            twin.patchReported(patch.requestId(), patch.expectedVersion(), content, acknowledgeThen);
            return;
        }
        if (inbound instanceof DeviceTopics.TwinGet get) {
            acknowledgeThen.accept(() -> twin.get(get.requestId()));
            return;
        }
        if (inbound instanceof DeviceTopics.MethodResponse response) {
            if (content.readableBytes() > DirectMethodRouter.MAX_PAYLOAD_BYTES) {
                // refused from its length: never copied
                endpoint.router().responseTooLarge(deviceId, response.requestId(), content.readableBytes());
            } else {
                endpoint.router().responseReceived(deviceId, response.requestId(), response.status(),
                        ByteBufUtil.getBytes(content));
            }
        } else if (inbound instanceof DeviceTopics.Telemetry) {
            endpoint.telemetryReceived(deviceId);
        }
        // acknowledged once handled (telemetry counted, method answer handed on)
        handled.run();
    }

    private void onPubAck(int packetId) {
        messages.acknowledged(packetId);
    }

    // ---- outbound: called from other threads ----

    @Override
    public void sendMethodRequest(String methodName, String requestId, byte[] payload, Consumer<Throwable> undeliverable) {
        Runnable send = () -> {
            if (!ctx.channel().isActive()) {
                undeliverable.accept(new IllegalStateException("connection closed"));
                return;
            }
            String topic = DeviceTopics.METHOD_REQUESTS + methodName + "/?$rid=" + requestId;
            boolean sent = messages.publishIfSubscribed(topic, payload, future -> {
                if (!future.isSuccess()) {
                    undeliverable.accept(future.cause());
                }
            });
            if (!sent) {
                undeliverable.accept(new IllegalStateException("not subscribed to method requests"));
            }
        };
        if (ctx.executor().inEventLoop()) {
            send.run();
        } else {
            ctx.executor().execute(send);
        }
    }

    /** This connection's event loop: the router sets a delivered call's response timer here. */
    @Override
    public Optional<ScheduledExecutorService> ioThread() {
        return Optional.of(ctx.executor());
    }

    @Override
    public boolean onIoThread() {
        return ctx.executor().inEventLoop();
    }

    /** Pushes a desired-properties patch if the device subscribed to them. */
    void sendDesiredPatch(ObjectNode patch) {
        ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            try {
                long version = patch.path("$version").asLong();
                messages.publishIfSubscribed(DeviceTopics.DESIRED_PATCHES + "?$version=" + version,
                        JSON.writeValueAsBytes(patch), null);
            } catch (Exception e) {
                LOG.warn("Could not send a desired-properties patch to {}", deviceId, e);
            }
        });
    }

    /** A newer connection with the same client id took over. */
    void replaced() {
        ctx.executor().execute(() -> close("replaced by a new connection with the same client id"));
    }

    void disconnect(String reason) {
        ctx.executor().execute(() -> close(reason));
    }

    // ---- helpers (event loop only) ----

    /** Runs {@code task} on this connection's event loop (from a state write's completion, for example). */
    void onEventLoop(Runnable task) {
        ctx.executor().execute(task);
    }

    /** What the hub sends this device; set at CONNECT. */
    MessagesToDevice messages() {
        return messages;
    }

    /** Tells the method router whether this connection takes method requests now. */
    private void methodSubscriptionChanged() {
        boolean subscribed = subscriptions.matches(DeviceTopics.METHOD_REQUESTS + "x/?$rid=0");
        if (!methodsAnnounced && subscribed && ctx.channel().isActive()) {
            methodsAnnounced = true;
            endpoint.router().deviceReady(deviceId, this);
        } else if (methodsAnnounced && !subscribed) {
            methodsAnnounced = false;
            endpoint.router().deviceGone(deviceId, this);
        }
    }

    private void endPending() {
        if (pending) {
            pending = false;
            endpoint.pendingEnded(remote);
        }
    }

    private void refuse(MqttConnectReturnCode code, String reason) {
        closeReason = reason;
        ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build())
                .addListener(ChannelFutureListener.CLOSE);
    }

    void close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        LOG.debug("Closing MQTT connection of {}: {}", deviceId == null ? ctx.channel().remoteAddress() : deviceId, reason);
        ctx.close();
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public String toString() {
        return "DeviceConnection[" + (deviceId == null ? "unauthenticated" : deviceId) + "]";
    }
}
