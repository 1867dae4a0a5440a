package dev.twinops.hub.http;

import dev.twinops.hub.auth.Permission;
import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The service endpoint's routes: method + path template ({@code /twins/{id}/methods}) -> the permissions the call
 * needs and its handler. Literal segments win over parameters, so {@code GET /jobs/v2/query} and
 * {@code GET /jobs/v2/{jobId}} can both be registered. Paths compare case-sensitively, as IoT Hub's do.
 */
public final class RouteTable {

    /** A registered route. */
    public record Route(HttpMethod method, String template, Set<Permission> anyOf, RouteHandler handler) {
        public Route {
            anyOf = Set.copyOf(anyOf);
        }
    }

    /** A route that matched a request, with the values of its path parameters (url-decoded). */
    public record Match(Route route, Map<String, String> pathParameters) {
    }

    private record Compiled(Route route, String[] segments, int literals) {
    }

    private final List<Compiled> routes = new CopyOnWriteArrayList<>();

    /**
     * Registers a route.
     *
     * @param template e.g. {@code /twins/{id}}; a segment in braces is a parameter
     * @param anyOf    the call is allowed when the caller's policy grants at least one of these
     * @throws IllegalArgumentException if the same method and template are already registered
     */
    public RouteTable add(HttpMethod method, String template, Set<Permission> anyOf, RouteHandler handler) {
        if (anyOf.isEmpty()) {
            throw new IllegalArgumentException("a route needs at least one permission: " + method + " " + template);
        }
        String[] segments = split(template);
        int literals = 0;
        for (String s : segments) {
            if (!isParameter(s)) {
                literals++;
            }
        }
        for (Compiled c : routes) {
            if (c.route.method().equals(method) && c.route.template().equals(template)) {
                throw new IllegalArgumentException("route already registered: " + method + " " + template);
            }
        }
        routes.add(new Compiled(new Route(method, template, anyOf, handler), segments, literals));
        return this;
    }

    /** Registers a group of routes. */
    public RouteTable add(ServiceRoutes group) {
        group.registerWith(this);
        return this;
    }

    /**
     * @param pathSegments the request path split at '/' and url-decoded, without empty segments
     */
    public Optional<Match> match(HttpMethod method, List<String> pathSegments) {
        Compiled best = null;
        for (Compiled c : routes) {
            if (c.route.method().equals(method) && matches(c.segments, pathSegments)
                    && (best == null || c.literals > best.literals)) {
                best = c;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < best.segments.length; i++) {
            if (isParameter(best.segments[i])) {
                parameters.put(best.segments[i].substring(1, best.segments[i].length() - 1), pathSegments.get(i));
            }
        }
        return Optional.of(new Match(best.route, Map.copyOf(parameters)));
    }

    public List<Route> routes() {
        List<Route> result = new ArrayList<>();
        routes.forEach(c -> result.add(c.route));
        return result;
    }

    private static boolean matches(String[] template, List<String> path) {
        if (template.length != path.size()) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            if (!isParameter(template[i]) && !template[i].equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    private static String[] split(String template) {
        return java.util.Arrays.stream(template.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }
}
