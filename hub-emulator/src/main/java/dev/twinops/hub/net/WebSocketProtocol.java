package dev.twinops.hub.net;

import io.netty.channel.ChannelPipeline;

/**
 * A protocol one listener serves over WebSocket on another's port: the HTTP listener answers the WebSocket
 * handshake on {@link #path()}, then hands the connection over, its pipeline delivering {@code WebSocketFrame}s.
 * (IoT Hub serves MQTT over WebSocket on its HTTPS port, 443.)
 */
public interface WebSocketProtocol {

    /** The request path of the handshake, e.g. {@code /$iothub/websocket}; a query string after it is allowed. */
    String path();

    /** The WebSocket subprotocol, e.g. {@code mqtt}. */
    String subprotocol();

    /** The largest frame payload accepted. */
    int maxFramePayloadLength();

    /**
     * The handshake is done and the HTTP handlers are gone: add the protocol's handlers after the one named
     * {@code after}, or close the connection.
     */
    void accept(ChannelPipeline pipeline, String after);
}
