package dev.twinops.hub.http;

import dev.twinops.hub.auth.ServiceAuthenticator;
import dev.twinops.hub.auth.SharedAccessPolicy;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One per connection: matches a request to a route, authorises it, runs the route's handler and writes the
 * answer when its stage completes. While a request is being answered the connection reads nothing more and the
 * flow-control handler before this one holds back requests already decoded, so pipelined requests are answered
 * in order, malformed and oversized ones included.
 */
final class ServiceRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRequestHandler.class);
    static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

    private final RouteTable routes;
    private final ServiceAuthenticator authenticator;
    private final Clock clock;
    /** A request is being answered (event-loop confined): an idle connection then is waiting, not abandoned. */
    private boolean answering;
    /** Until TLS is set up, SslHandler's own handshake timeout applies rather than the idle timeout. */
    private boolean handshakeDone;

    ServiceRequestHandler(RouteTable routes, ServiceAuthenticator authenticator, Clock clock) {
        this.routes = routes;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        // one request at a time per connection: the next one is passed on (by the flow-control handler before
        // this one) only after this one is answered, so pipelined requests are answered in order
        ctx.channel().config().setAutoRead(false);
        answering = true;
        long started = System.nanoTime();
        HttpMethod method = effectiveMethod(request);
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.rawPath();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        DecoderResult decoded = request.decoderResult();
        CompletionStage<ServiceResponse> answer;
        if (decoded.isFailure() && decoded.cause() instanceof BodyLimitAggregator.BodyTooLarge tooLarge) {
            answer = CompletableFuture.failedFuture(tooLarge.error());
        } else if (decoded.isFailure()) {
            String reason = decoded.cause() == null ? "malformed request" : decoded.cause().getMessage();
            answer = CompletableFuture.failedFuture(new HubException(HubError.ARGUMENT_INVALID,
                    "Malformed HTTP request: " + reason));
            keepAlive = false;
        } else {
            answer = dispatch(request, method, path, uri);
        }

        boolean keepOpen = keepAlive;
        answer.whenComplete((response, failure) -> {
            ServiceResponse out = failure == null ? response : error(failure);
            logOutcome(method, path, out, failure, started);
            write(ctx, out, keepOpen).addListener(f -> {
                answering = false; // listeners run on the channel's event loop
                if (ctx.channel().isActive()) {
                    ctx.channel().config().setAutoRead(true);
                    ctx.read();
                }
            });
        });
    }

    /** Matches, authorises and runs the route; failures become a failed stage. */
    private CompletionStage<ServiceResponse> dispatch(FullHttpRequest request, HttpMethod method, String path,
                                                      QueryStringDecoder uri) {
        try {
            List<String> segments = segments(path);
            RouteTable.Match match = routes.match(method, segments).orElseThrow(() -> new HubException(
                    HubError.NOT_FOUND, "The hub has no route " + method + " " + path));
            SharedAccessPolicy policy = authenticator.authorize(
                    request.headers().get(HttpHeaderNames.AUTHORIZATION), path, match.route().anyOf());
            byte[] body = ByteBufUtil.getBytes(request.content());
            ServiceRequest serviceRequest = new ServiceRequest(method, path, match.pathParameters(),
                    Map.copyOf(uri.parameters()), request.headers().copy(), body, policy);
            CompletionStage<ServiceResponse> answer = match.route().handler().handle(serviceRequest);
            if (answer == null) {
                throw new IllegalStateException("route " + match.route().template() + " returned no answer");
            }
            return answer;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private ServiceResponse error(Throwable failure) {
        return IotHubErrors.response(IotHubErrors.toHubException(failure), clock);
    }

    private static void logOutcome(HttpMethod method, String path, ServiceResponse response, Throwable failure,
                                   long startedNanos) {
        int status = response.status().code();
        if (status >= 500 && failure != null && !(IotHubErrors.unwrap(failure) instanceof HubException)) {
            LOG.error("{} {} failed", method, path, failure);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} -> {} in {} ms", method, path, status, (System.nanoTime() - startedNanos) / 1_000_000);
        }
    }

    /** POST with {@code X-HTTP-Method-Override: PATCH} is how the service SDK sends PATCH. */
    private static HttpMethod effectiveMethod(FullHttpRequest request) {
        String override = request.headers().get(METHOD_OVERRIDE);
        if (override != null && !override.isBlank() && HttpMethod.POST.equals(request.method())) {
            try {
                return HttpMethod.valueOf(override.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return request.method(); // not a method name: no route matches POST on these paths either
            }
        }
        return request.method();
    }

    /** The path's segments, url-decoded; empty segments (double or trailing slashes) are dropped. */
    static List<String> segments(String rawPath) {
        List<String> result = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                try {
                    result.add(QueryStringDecoder.decodeComponent(s.replace("+", "%2B")));
                } catch (IllegalArgumentException e) {
                    throw new HubException(HubError.ARGUMENT_INVALID, "The path segment '" + s + "' is not valid url-encoding");
                }
            }
        }
        return result;
    }

    /** Writes a response with a JSON body (if any) and Content-Length; closes afterwards unless keep-alive. */
    static io.netty.channel.ChannelFuture write(ChannelHandlerContext ctx, ServiceResponse response, boolean keepAlive) {
        byte[] body = response.body();
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(),
                body.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        if (body.length > 0) {
            http.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        }
        http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().forEach(http.headers()::set);
        if (keepAlive) {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            return ctx.writeAndFlush(http);
        }
        http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            // a direct method may keep a request open for minutes; only idle keep-alive connections are closed
            if (handshakeDone && !answering) {
                ctx.close();
            }
            return;
        }
        if (event instanceof SslHandshakeCompletionEvent handshake && handshake.isSuccess()) {
            handshakeDone = true;
        } else if (event instanceof SslHandshakeCompletionEvent handshake) {
            LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(),
                    Optional.ofNullable(handshake.cause()).map(Throwable::getMessage).orElse("unknown"));
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
            LOG.debug("TLS failure on {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else if (cause instanceof java.io.IOException) {
            LOG.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            LOG.warn("Unexpected failure on service connection {}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
