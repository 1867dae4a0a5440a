package dev.twinops.hub.jobs;

import dev.twinops.hub.auth.SasToken;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many devices on one small Netty event-loop group, speaking MQTT 3.1.1 over TLS exactly as the device SDK does
 * (client id = device id, SAS password, clean session off, QoS 1 on {@code $iothub/methods/POST/#}), each answering
 * every direct method with status 200 and {@code {"device":"<id>","method":"<name>"}}. Cheap enough for thousands
 * of devices in a test, where SDK clients would cost several threads each.
 */
final class MqttDeviceFleet implements AutoCloseable {
    private static final int MQTT_PORT = 8883;
    /**
     * Handshakes the fleet has under way at once. The hub's TLS handshakes are CPU work on its two event loops:
     * more at once does not connect the fleet sooner, it only makes each one longer. With 64 under way, 1,000
     * devices took 45 s at load 16 - 20, about 3 s a handshake, too near the 10 s after which Netty's TLS handlers,
     * the hub's and the client's, give up on one.
     */
    private static final int HANDSHAKES_AT_ONCE = 16;

    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final AtomicLong methodsAnswered = new AtomicLong();

    private MqttDeviceFleet(EventLoopGroup group) {
        this.group = group;
    }

    /**
     * Connects every device (id -> primary key) to the hub at {@code host}:8883, at most
     * {@link #HANDSHAKES_AT_ONCE} handshakes at a time,
     * and returns once all are connected and subscribed to method requests.
     */
    static MqttDeviceFleet connect(String host, Path caPem, Map<String, String> deviceKeys, Duration timeout)
            throws Exception {
        MqttDeviceFleet fleet = new MqttDeviceFleet(new MultiThreadIoEventLoopGroup(2,
                new DefaultThreadFactory("test-fleet", true), NioIoHandler.newFactory()));
        try {
            fleet.connectAll(host, SslContextBuilder.forClient().trustManager(caPem.toFile()).build(), deviceKeys, timeout);
            return fleet;
        } catch (Exception | Error e) {
            fleet.close();
            throw e;
        }
    }

    private void connectAll(String host, SslContext ssl, Map<String, String> deviceKeys, Duration timeout)
            throws Exception {
        Semaphore handshakes = new Semaphore(HANDSHAKES_AT_ONCE);
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        Instant expiry = Instant.now().plus(Duration.ofHours(1));
        for (Map.Entry<String, String> device : deviceKeys.entrySet()) {
            if (!handshakes.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("devices did not connect within " + timeout);
            }
            CompletableFuture<Void> subscribed = new CompletableFuture<>();
            subscribed.whenComplete((ok, failure) -> handshakes.release());
            ready.add(subscribed);
            String deviceId = device.getKey();
            String password = SasToken.create(host + "/devices/" + deviceId, device.getValue(), null, expiry);
            Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SslHandler tls = ssl.newHandler(ch.alloc(), host, MQTT_PORT);
                            // the fleet's own bound, not Netty's 10 s
                            tls.setHandshakeTimeoutMillis(timeout.toMillis());
                            ch.pipeline().addLast(tls);
                            ch.pipeline().addLast(new MqttDecoder(256 * 1024));
                            ch.pipeline().addLast(MqttEncoder.INSTANCE);
                            ch.pipeline().addLast(new Device(deviceId, host, password, subscribed));
                        }
                    });
            bootstrap.connect(host, MQTT_PORT).addListener(f -> {
                if (!f.isSuccess()) {
                    subscribed.completeExceptionally(f.cause());
                }
            });
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    long methodsAnswered() {
        return methodsAnswered.get();
    }

    int size() {
        synchronized (channels) {
            return channels.size();
        }
    }

    @Override
    public void close() {
        synchronized (channels) {
            for (Channel channel : channels) {
                channel.close();
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** One device's connection: CONNECT, SUBSCRIBE, then answer method requests. */
    private final class Device extends SimpleChannelInboundHandler<MqttMessage> {
        private final String deviceId;
        private final String host;
        private final String password;
        private final CompletableFuture<Void> subscribed;
        private final AtomicInteger packetIds = new AtomicInteger();

        Device(String deviceId, String host, String password, CompletableFuture<Void> subscribed) {
            this.deviceId = deviceId;
            this.host = host;
            this.password = password;
            this.subscribed = subscribed;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            synchronized (channels) {
                channels.add(ctx.channel());
            }
            ctx.writeAndFlush(MqttMessageBuilders.connect()
                    .protocolVersion(MqttVersion.MQTT_3_1_1)
                    .clientId(deviceId)
                    .username(host + "/" + deviceId + "/?api-version=2020-09-30")
                    .password(password.getBytes(StandardCharsets.UTF_8))
                    .cleanSession(false)
                    .keepAlive(230)
                    .build());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
            MqttMessageType type = message.fixedHeader().messageType();
            if (type == MqttMessageType.CONNACK) {
                MqttConnectReturnCode code = ((MqttConnAckMessage) message).variableHeader().connectReturnCode();
                if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                    subscribed.completeExceptionally(new IllegalStateException(deviceId + " refused: " + code));
                    ctx.close();
                    return;
                }
                ctx.writeAndFlush(MqttMessageBuilders.subscribe()
                        .messageId(nextPacketId())
                        .addSubscription(MqttQoS.AT_LEAST_ONCE, "$iothub/methods/POST/#")
                        .build());
            } else if (type == MqttMessageType.SUBACK) {
                subscribed.complete(null);
            } else if (type == MqttMessageType.PUBLISH) {
                answer(ctx, (MqttPublishMessage) message);
            }
        }

        private void answer(ChannelHandlerContext ctx, MqttPublishMessage request) {
            String topic = request.variableHeader().topicName();
            if (request.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                ctx.write(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                        MqttMessageIdVariableHeader.from(request.variableHeader().packetId())));
            }
            if (!topic.startsWith("$iothub/methods/POST/")) {
                ctx.flush();
                return;
            }
            String method = topic.substring("$iothub/methods/POST/".length(), topic.indexOf('/', "$iothub/methods/POST/".length()));
            String requestId = topic.substring(topic.indexOf("$rid=") + 5);
            byte[] body = ("{\"device\":\"" + deviceId + "\",\"method\":\"" + method + "\"}").getBytes(StandardCharsets.UTF_8);
            ctx.writeAndFlush(MqttMessageBuilders.publish()
                    .topicName("$iothub/methods/res/200/?$rid=" + requestId)
                    .qos(MqttQoS.AT_LEAST_ONCE)
                    .messageId(nextPacketId())
                    .payload(Unpooled.wrappedBuffer(body))
                    .build());
            methodsAnswered.incrementAndGet();
        }

        private int nextPacketId() {
            return packetIds.updateAndGet(id -> id >= 65535 ? 1 : id + 1);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            subscribed.completeExceptionally(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            subscribed.completeExceptionally(new IllegalStateException(deviceId + " disconnected"));
        }
    }
}
