package dev.twinops.hub.http;

/**
 * A group of REST routes of the service endpoint (twins, registry, queries, methods, and jobs), registered into
 * the endpoint's {@link RouteTable} before it starts.
 */
public interface ServiceRoutes {
    void registerWith(RouteTable routes);
}
