package dev.twinops.hub.http;

import dev.twinops.hub.net.WebSocketProtocol;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.util.List;

/**
 * Once a WebSocket handshake on the service port is done, the connection is no longer a service connection: the
 * service's handlers (idle timeout, request ordering, routes) make way for the protocol served over WebSocket.
 */
final class WebSocketHandoff extends ChannelInboundHandlerAdapter {
    /** The handlers of a service connection that come after the HTTP codec and aggregator. */
    private static final List<String> SERVICE_HANDLERS = List.of("idle", "one-at-a-time", "service");

    private final WebSocketProtocol protocol;

    WebSocketHandoff(WebSocketProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            ChannelPipeline pipeline = ctx.pipeline();
            for (String name : SERVICE_HANDLERS) {
                if (pipeline.get(name) != null) {
                    pipeline.remove(name);
                }
            }
            protocol.accept(pipeline, ctx.name());
            pipeline.remove(this);
            return;
        }
        super.userEventTriggered(ctx, event);
    }
}
