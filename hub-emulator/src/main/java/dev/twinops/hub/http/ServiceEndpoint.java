package dev.twinops.hub.http;

import dev.twinops.hub.auth.ServiceAuthenticator;
import dev.twinops.hub.net.Listener;
import dev.twinops.hub.net.Transport;
import dev.twinops.hub.net.WebSocketProtocol;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The hub's HTTPS service endpoint, which the service SDK clients (TwinClient, RegistryClient, QueryClient,
 * DirectMethodsClient, ScheduledJobsClient) talk to. Netty: TLS, HTTP/1.1 codec, a bounded body aggregator,
 * then {@link ServiceRequestHandler}, which authorises each request and dispatches it through the
 * {@link RouteTable}. Event-driven: handlers never block an event loop.
 */
public final class ServiceEndpoint implements AutoCloseable {

    /**
     * Room for a 128 KB method payload (IoT Hub's limit) or job in its JSON envelope; larger bodies get 400. IoT Hub
     * documents no limit for the REST body itself.
     */
    public static final int MAX_REQUEST_BODY_BYTES = 256 * 1024;
    /** IoT Hub documents none; a request line holds a path with a 128-character id and an api-version. */
    static final int MAX_INITIAL_LINE_BYTES = 8 * 1024;
    /** IoT Hub documents none; the SDK's headers (a SAS token, a continuation token) take well under 4 KB. */
    static final int MAX_HEADER_BYTES = 32 * 1024;
    /** Idle keep-alive connections are closed after this long. */
    static final int IDLE_SECONDS = 120;

    private final RouteTable routes;
    private final ServiceAuthenticator authenticator;
    private final SslContext sslContext;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Clock clock;
    private final int idleSeconds;
    private final Listener listener = new Listener("HTTPS service endpoint", "HTTPS service calls");
    /** Served over WebSocket on this port too (MQTT for devices, as IoT Hub does on 443), or null. */
    private final WebSocketProtocol webSocket;

    public ServiceEndpoint(RouteTable routes, ServiceAuthenticator authenticator, SslContext sslContext,
                           EventLoopGroup bossGroup, EventLoopGroup workerGroup, Clock clock) {
        this(routes, authenticator, sslContext, bossGroup, workerGroup, clock, null);
    }

    /** @param webSocket a protocol served over WebSocket on this port as well, or null */
    public ServiceEndpoint(RouteTable routes, ServiceAuthenticator authenticator, SslContext sslContext,
                           EventLoopGroup bossGroup, EventLoopGroup workerGroup, Clock clock, WebSocketProtocol webSocket) {
        this(routes, authenticator, sslContext, bossGroup, workerGroup, clock, IDLE_SECONDS, webSocket);
    }

    ServiceEndpoint(RouteTable routes, ServiceAuthenticator authenticator, SslContext sslContext,
                    EventLoopGroup bossGroup, EventLoopGroup workerGroup, Clock clock, int idleSeconds) {
        this(routes, authenticator, sslContext, bossGroup, workerGroup, clock, idleSeconds, null);
    }

    private ServiceEndpoint(RouteTable routes, ServiceAuthenticator authenticator, SslContext sslContext,
                            EventLoopGroup bossGroup, EventLoopGroup workerGroup, Clock clock, int idleSeconds,
                            WebSocketProtocol webSocket) {
        this.webSocket = webSocket;
        this.idleSeconds = idleSeconds;
        this.routes = routes;
        this.authenticator = authenticator;
        this.sslContext = sslContext;
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
        this.clock = clock;
    }

    /**
     * Listens on {@code address} (port 0 picks a free port); returns once bound.
     *
     * @throws IllegalStateException naming the address and the cause (e.g. the port is taken), or if already started
     */
    public void start(InetSocketAddress address) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(Transport.serverChannelFor(bossGroup))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        listener.connections().add(ch);
                        ChannelPipeline p = ch.pipeline();
                        p.addLast("tls", sslContext.newHandler(ch.alloc()));
                        p.addLast("idle", new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS));
                        p.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, 8192));
                        p.addLast("aggregator", new BodyLimitAggregator(MAX_REQUEST_BODY_BYTES));
                        if (webSocket != null) {
                            p.addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                    .websocketPath(webSocket.path())
                                    .subprotocols(webSocket.subprotocol())
                                    .checkStartsWith(true)
                                    .maxFramePayloadLength(webSocket.maxFramePayloadLength())
                                    .build()));
                            p.addLast("websocket-handoff", new WebSocketHandoff(webSocket));
                        }
                        // requests decoded from one read wait here until the one before is answered
                        p.addLast("one-at-a-time", new FlowControlHandler());
                        p.addLast("service", new ServiceRequestHandler(routes, authenticator, clock));
                    }
                });
        listener.bind(bootstrap, address);
    }

    /** The bound address, or null before {@link #start}. */
    public InetSocketAddress localAddress() {
        return listener.localAddress();
    }

    /** Stops listening and closes open connections. */
    @Override
    public void close() {
        listener.close();
    }
}
