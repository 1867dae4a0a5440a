package dev.twinops.hub.http;

import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Aggregates request bodies up to a limit. An oversized body is answered with IoT Hub's 400 error body (not
 * Netty's bare 413 and a dropped connection); the rest of that body is read and discarded, so a client that
 * writes the whole body before reading still gets the answer, and the connection stays usable.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
    private final int maxBytes;

    BodyLimitAggregator(int maxBytes) {
        super(maxBytes);
        this.maxBytes = maxBytes;
    }

    /**
     * Passes the request on without its body, marked as failed, so it is answered in its turn like any other
     * (a pipelined client reads its answers in the order it sent the requests).
     */
    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        if (!(oversized instanceof HttpRequest request)) {
            ctx.close();
            return;
        }
        FullHttpRequest headersOnly = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                request.uri(), Unpooled.EMPTY_BUFFER, request.headers().copy(), EmptyHttpHeaders.INSTANCE);
        headersOnly.setDecoderResult(DecoderResult.failure(new BodyTooLarge(new HubException(HubError.MESSAGE_TOO_LARGE,
                "The request body is larger than the hub's limit of " + maxBytes + " bytes"))));
        ctx.fireChannelRead(headersOnly);
    }

    /** The decoder result of a request whose body was over the limit: answered with its IoT Hub error. */
    static final class BodyTooLarge extends TooLongFrameException {
        private static final long serialVersionUID = 1L;
        private final transient HubException error;

        BodyTooLarge(HubException error) {
            super(error.getMessage());
            this.error = error;
        }

        HubException error() {
            return error;
        }
    }
}
