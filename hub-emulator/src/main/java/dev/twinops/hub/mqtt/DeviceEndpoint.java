package dev.twinops.hub.mqtt;

import dev.twinops.hub.net.Listener;
import dev.twinops.hub.net.PendingConnections;
import dev.twinops.hub.net.Transport;
import dev.twinops.hub.net.WebSocketProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.methods.DirectMethodRouter;
import dev.twinops.hub.state.DeviceIdentity;
import dev.twinops.hub.state.DeviceStatus;
import dev.twinops.hub.state.HubState;
import dev.twinops.hub.state.RegistryListener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The device endpoint: MQTT 3.1.1 over TLS on port 8883, with IoT Hub's per-connection topic semantics
 * (twin GET and reported PATCH, desired-property notifications, direct methods, telemetry).
 *
 * <p>One {@link DeviceConnection} per channel; at most one connection per device id (a newer one replaces the
 * older). Runs on the event-loop groups it is given (NIO transport) and never blocks them.
 */
public final class DeviceEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceEndpoint.class);

    /** The device SDK connects to 8883 and nowhere else. */
    public static final int MQTT_TLS_PORT = 8883;
    /** Large enough for a 128 KB method payload or a 32 KB twin section plus topic and headers. */
    static final int MAX_PACKET_BYTES = 256 * 1024 + 1024;
    static final int MAX_CLIENT_ID_LENGTH = 128;
    /** Where IoT Hub serves MQTT over WebSocket, on its HTTPS port. */
    public static final String WEBSOCKET_PATH = "/$iothub/websocket";

    private final HubState state;
    private final DirectMethodRouter router;
    private final SslContext sslContext;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final DeviceAuthenticator authenticator;
    private final ConnectionLimits limits;
    private final PendingConnections pending;
    private final Listener listener = new Listener("MQTT device endpoint", "MQTT devices");
    private final Map<String, DeviceConnection> connections = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> telemetry = new ConcurrentHashMap<>();
    /** Unacknowledged messages per device session, kept across its connections while the hub runs. */
    private final Map<String, Outbox> outboxes = new ConcurrentHashMap<>();

    public DeviceEndpoint(HubState state, DirectMethodRouter router, SslContext sslContext,
                          EventLoopGroup bossGroup, EventLoopGroup workerGroup) {
        this(state, router, sslContext, bossGroup, workerGroup, ConnectionLimits.IOT_HUB);
    }

    DeviceEndpoint(HubState state, DirectMethodRouter router, SslContext sslContext,
                   EventLoopGroup bossGroup, EventLoopGroup workerGroup, ConnectionLimits limits) {
        this.limits = limits;
        this.pending = new PendingConnections(limits.maxPendingPerAddress());
        this.state = state;
        this.router = router;
        this.sslContext = sslContext;
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
        this.authenticator = new DeviceAuthenticator(state, Clock.systemUTC());
        state.addDesiredPropertiesListener(this::desiredPropertiesChanged);
        state.registry().addRegistryListener(new RegistryListener() {
            @Override
            public void deviceUpdated(DeviceIdentity device) {
                if (device.status() == DeviceStatus.DISABLED) {
                    disconnectDevice(device.deviceId(), "device disabled");
                }
            }

            @Override
            public void deviceDeleted(String deviceId) {
                disconnectDevice(deviceId, "device deleted");
                outboxes.remove(deviceId);
            }
        });
    }

    /**
     * Listens on {@code bindAddress:8883}; returns once bound.
     *
     * @throws IllegalStateException naming the address and the cause (e.g. the port is taken), or if already started
     */
    public void start(InetAddress bindAddress) {
        start(new InetSocketAddress(bindAddress, MQTT_TLS_PORT));
    }

    /** Listens on any address and port; the device SDK needs 8883, raw MQTT clients (tests, benchmarks) do not. */
    public void start(InetSocketAddress address) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(Transport.serverChannelFor(bossGroup))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        InetAddress remote = ch.remoteAddress().getAddress();
                        if (admit(ch, remote)) {
                            ChannelPipeline p = ch.pipeline();
                            p.addLast("tls", sslContext.newHandler(ch.alloc()));
                            addMqttHandlers(p, "tls", remote);
                        }
                    }
                });
        listener.bind(bootstrap, address);
    }

    /**
     * MQTT over WebSocket ({@code wss://<host>/$iothub/websocket}, subprotocol {@code mqtt}), which IoT Hub serves
     * on its HTTPS port and the device SDK's {@code MQTT_WS} uses: the service endpoint answers the handshake, then
     * the connection is a device connection like one on 8883.
     */
    public WebSocketProtocol webSocketProtocol() {
        return new WebSocketProtocol() {
            @Override
            public String path() {
                return WEBSOCKET_PATH;
            }

            @Override
            public String subprotocol() {
                return "mqtt";
            }

            @Override
            public int maxFramePayloadLength() {
                return MAX_PACKET_BYTES;
            }

            @Override
            public void accept(ChannelPipeline pipeline, String after) {
                InetAddress remote = ((InetSocketAddress) pipeline.channel().remoteAddress()).getAddress();
                if (admit(pipeline.channel(), remote)) {
                    pipeline.addAfter(after, "websocket-frames", new WebSocketFrames());
                    addMqttHandlers(pipeline, "websocket-frames", remote);
                }
            }
        };
    }

    /** Counts a new connection among the address's unauthenticated ones, or closes it if the address has its fill. */
    private boolean admit(Channel channel, InetAddress remote) {
        if (pending.tryAdmit(remote)) {
            return true;
        }
        LOG.debug("{} already has {} connections that have not authenticated: closing another",
                remote.getHostAddress(), limits.maxPendingPerAddress());
        channel.close();
        return false;
    }

    private void addMqttHandlers(ChannelPipeline p, String after, InetAddress remote) {
        p.addAfter(after, "mqtt-decoder", new MqttDecoder(MAX_PACKET_BYTES, MAX_CLIENT_ID_LENGTH));
        p.addAfter("mqtt-decoder", "mqtt-encoder", MqttEncoder.INSTANCE);
        p.addAfter("mqtt-encoder", "device", new DeviceConnection(this, remote));
    }

    /** The bound address, or null before {@link #start}. */
    public InetSocketAddress localAddress() {
        return listener.localAddress();
    }

    /** Stops listening and closes every device connection (devices see a disconnect). */
    @Override
    public void close() {
        listener.close();
    }

    /** Closes the device's connection (done by itself when a device is disabled or deleted). */
    public void disconnectDevice(String deviceId) {
        disconnectDevice(deviceId, "disconnected by the hub");
    }

    private void disconnectDevice(String deviceId, String reason) {
        DeviceConnection connection = connections.get(deviceId);
        if (connection != null) {
            connection.disconnect(reason);
        }
    }

    public boolean isConnected(String deviceId) {
        return connections.containsKey(deviceId);
    }

    public int connectedDeviceCount() {
        return connections.size();
    }

    /** Telemetry messages received from this device since the hub started (they are counted, then dropped). */
    public long telemetryCount(String deviceId) {
        LongAdder count = telemetry.get(deviceId);
        return count == null ? 0 : count.sum();
    }

    /**
     * Bytes written to device connections and not yet on the wire, summed over all connections: what devices that
     * do not read make the hub hold.
     */
    public long queuedOutboundBytes() {
        long total = 0;
        for (Channel channel : listener.connections()) {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            total += buffer == null ? 0 : buffer.totalPendingWriteBytes();
        }
        return total;
    }

    public long totalTelemetryCount() {
        long total = 0;
        for (LongAdder count : telemetry.values()) {
            total += count.sum();
        }
        return total;
    }

    // ---- for DeviceConnection ----

    HubState state() {
        return state;
    }

    DirectMethodRouter router() {
        return router;
    }

    DeviceAuthenticator authenticator() {
        return authenticator;
    }

    ConnectionLimits limits() {
        return limits;
    }

    /** A connection admitted from {@code remote} authenticated or closed before it did: once per connection. */
    void pendingEnded(InetAddress remote) {
        pending.release(remote);
    }

    ChannelGroup channels() {
        return listener.connections();
    }

    /** Registers the device's current connection; returns the one it replaces, if any. */
    DeviceConnection connectionOpened(String deviceId, DeviceConnection connection) {
        return connections.put(deviceId, connection);
    }

    /** Unregisters a closed connection; false if a newer connection of the device had already replaced it. */
    boolean connectionClosed(String deviceId, DeviceConnection connection) {
        return connections.remove(deviceId, connection);
    }

    /**
     * The outbox of a device's session: the one its earlier connections left for {@code cleanSession=false}, a
     * new one (discarding any earlier) for a clean session.
     */
    Outbox outbox(String deviceId, boolean persistentSession) {
        if (persistentSession) {
            return outboxes.computeIfAbsent(deviceId, id -> new Outbox());
        }
        Outbox fresh = new Outbox();
        outboxes.put(deviceId, fresh);
        return fresh;
    }

    /** A clean session's connection closed: its outbox goes with it (unless a newer session took over). */
    void sessionEnded(String deviceId, Outbox outbox) {
        outboxes.remove(deviceId, outbox);
    }

    void telemetryReceived(String deviceId) {
        telemetry.computeIfAbsent(deviceId, id -> new LongAdder()).increment();
    }

    private void desiredPropertiesChanged(String deviceId, ObjectNode patch) {
        DeviceConnection connection = connections.get(deviceId);
        if (connection != null) {
            connection.sendDesiredPatch(patch);
        }
    }
}
