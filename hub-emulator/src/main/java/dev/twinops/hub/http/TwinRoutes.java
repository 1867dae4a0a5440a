package dev.twinops.hub.http;

import dev.twinops.hub.auth.Permission;
import dev.twinops.hub.state.HubState;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Device twins, service side: {@code GET /twins/{id}}, {@code PATCH /twins/{id}} (also as POST with
 * {@code X-HTTP-Method-Override: PATCH}, as the SDK sends it) and {@code PUT /twins/{id}}, with {@code If-Match}.
 * Writes are answered once durable.
 */
public final class TwinRoutes implements ServiceRoutes {
    private final HubState state;

    public TwinRoutes(HubState state) {
        this.state = state;
    }

    @Override
    public void registerWith(RouteTable routes) {
        routes.add(HttpMethod.GET, "/twins/{id}", Set.of(Permission.REGISTRY_READ, Permission.SERVICE_CONNECT),
                request -> CompletableFuture.completedFuture(ServiceResponse.ok(state.serviceTwin(request.pathParameter("id")))));
        routes.add(HttpMethod.PATCH, "/twins/{id}", Set.of(Permission.SERVICE_CONNECT),
                request -> state.patchTwin(request.pathParameter("id"), request.jsonObjectBody(), ifMatch(request))
                        .thenApply(ServiceResponse::ok));
        routes.add(HttpMethod.PUT, "/twins/{id}", Set.of(Permission.SERVICE_CONNECT),
                request -> state.replaceTwin(request.pathParameter("id"), request.jsonObjectBody(), ifMatch(request))
                        .thenApply(ServiceResponse::ok));
    }

    /** The If-Match header as sent (quoted, unquoted, weak or "*"); the state compares it with the etag. */
    static String ifMatch(ServiceRequest request) {
        String value = request.header(HttpHeaderNames.IF_MATCH.toString());
        return value == null || value.isBlank() ? null : value.trim();
    }
}
