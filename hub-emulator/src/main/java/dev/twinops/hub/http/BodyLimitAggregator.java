package dev.twinops.hub.http;

import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

import java.time.Clock;

/**
 * Aggregates request bodies up to a limit. An oversized body is answered with IoT Hub's 400 error body (not
 * Netty's bare 413 and a dropped connection); the rest of that body is read and discarded, so a client that
 * writes the whole body before reading still gets the answer, and the connection stays usable.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
    private final int maxBytes;
    private final Clock clock;

    BodyLimitAggregator(int maxBytes, Clock clock) {
        super(maxBytes);
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HubException tooLarge = new HubException(HubError.MESSAGE_TOO_LARGE,
                "The request body is larger than the hub's limit of " + maxBytes + " bytes");
        ServiceRequestHandler.write(ctx, IotHubErrors.response(tooLarge, clock), true);
    }
}
