package dev.twinops.rollout.hub;

import java.util.Locale;

/**
 * A hub is known by its host name, as its service connection string's {@code HostName} gives it. What a rollout
 * saves as its hub, and what a runner connects to, may be written another way (an endpoint with its port, as the
 * console reaches a local hub: {@code 127.0.0.1:8443}; another case): these compare the host names alone.
 */
public final class HubHost {

    private HubHost() {
    }

    /** The host name of {@code host}, {@code host:port} or {@code [ipv6]:port}, lower-case; "" for null. */
    public static String of(String endpoint) {
        if (endpoint == null) {
            return "";
        }
        String e = endpoint.strip();
        if (e.startsWith("[")) {
            int end = e.indexOf(']');
            return (end > 0 ? e.substring(1, end) : e.substring(1)).toLowerCase(Locale.ROOT);
        }
        int colon = e.indexOf(':');
        if (colon > 0 && colon == e.lastIndexOf(':') && colon + 1 < e.length()
                && e.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            e = e.substring(0, colon);
        }
        return e.toLowerCase(Locale.ROOT);
    }

    /** Whether two host names or endpoints name the same hub (the host name, whatever its case or port). */
    public static boolean same(String a, String b) {
        String host = of(a);
        return !host.isEmpty() && host.equals(of(b));
    }
}
