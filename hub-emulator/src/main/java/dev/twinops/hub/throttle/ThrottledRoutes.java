package dev.twinops.hub.throttle;

import dev.twinops.hub.http.RouteHandler;
import dev.twinops.hub.http.RouteTable;
import dev.twinops.limits.OperationClass;
import io.netty.handler.codec.http.HttpMethod;

import java.util.concurrent.CompletableFuture;

/**
 * Puts a {@link RequestThrottle} in front of the service endpoint's routes: each route is classified by its method
 * and path template (queries, twin reads, twin updates, registry, jobs) and a request over its class's limit is
 * answered 429 / 429001 before its handler runs. The check runs after authentication, so refused callers do not
 * use up the hub's quota. Routes of no throttled class (direct methods, statistics) pass unchanged.
 */
public final class ThrottledRoutes {
    private ThrottledRoutes() {
    }

    /**
     * The routes of {@code routes} with the throttle applied; {@code routes} itself when the throttle is disabled.
     * Call it once every route is registered.
     */
    public static RouteTable apply(RequestThrottle throttle, RouteTable routes) {
        if (!throttle.enabled()) {
            return routes;
        }
        RouteTable throttled = new RouteTable();
        for (RouteTable.Route route : routes.routes()) {
            OperationClass operation = classify(route.method(), route.template());
            RouteHandler handler = operation == null ? route.handler() : guarded(throttle, operation, route.handler());
            throttled.add(route.method(), route.template(), route.anyOf(), handler);
        }
        return throttled;
    }

    /** The throttled class of a route, or null for routes IoT Hub does not throttle per request here. */
    static OperationClass classify(HttpMethod method, String template) {
        if (template.equals("/devices/query")) {
            return OperationClass.QUERIES;
        }
        if (template.startsWith("/jobs/")) {
            return OperationClass.JOB_OPERATIONS;
        }
        if (template.startsWith("/twins/") && !template.endsWith("/methods")) {
            return HttpMethod.GET.equals(method) ? OperationClass.TWIN_READS : OperationClass.TWIN_UPDATES;
        }
        if (template.startsWith("/devices/")) {
            return OperationClass.REGISTRY_OPERATIONS;
        }
        return null;
    }

    private static RouteHandler guarded(RequestThrottle throttle, OperationClass operation, RouteHandler handler) {
        return request -> {
            try {
                throttle.acquire(operation);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            return handler.handle(request);
        };
    }
}
