package dev.twinops.hub.mqtt;

import java.util.HashMap;
import java.util.Map;

/**
 * IoT Hub's device topics: what a device may publish to and subscribe to, and MQTT topic-filter matching.
 * A device's namespace is {@code devices/{its id}/...} plus the per-connection {@code $iothub/...} topics.
 */
final class DeviceTopics {

    static final String TWIN_RESPONSES = "$iothub/twin/res/";
    static final String DESIRED_PATCHES = "$iothub/twin/PATCH/properties/desired/";
    static final String METHOD_REQUESTS = "$iothub/methods/POST/";
    static final String METHOD_SUBSCRIPTION = METHOD_REQUESTS + "#";

    private static final String TWIN_GET = "$iothub/twin/GET/";
    private static final String REPORTED_PATCH = "$iothub/twin/PATCH/properties/reported/";
    private static final String METHOD_RESPONSE = "$iothub/methods/res/";

    private DeviceTopics() {
    }

    /** What a device's PUBLISH asks for. */
    sealed interface Inbound {
    }

    record TwinGet(String requestId) implements Inbound {
    }

    /** @param expectedVersion the {@code $version} the device put on the topic (apply only at that version), or null */
    record ReportedPatch(String requestId, Long expectedVersion) implements Inbound {
        ReportedPatch(String requestId) {
            this(requestId, null);
        }
    }

    record MethodResponse(int status, String requestId) implements Inbound {
    }

    record Telemetry() implements Inbound {
    }

    /** A topic the device may not publish to; the reason goes into the log. */
    record Refused(String reason) implements Inbound {
    }

    static Inbound classify(String topic, String deviceId) {
        if (topic.startsWith(TWIN_GET)) {
            String rid = requestId(topic.substring(TWIN_GET.length()));
            return rid == null ? new Refused("twin GET without $rid") : new TwinGet(rid);
        }
        if (topic.startsWith(REPORTED_PATCH)) {
            String bag = topic.substring(REPORTED_PATCH.length());
            String rid = requestId(bag);
            if (rid == null) {
                return new Refused("reported-properties PATCH without $rid");
            }
            String version = properties(bag).get("$version");
            try {
                return new ReportedPatch(rid, version == null ? null : Long.valueOf(version));
            } catch (NumberFormatException e) {
                return new Refused("reported-properties PATCH with a $version that is not a number");
            }
        }
        if (topic.startsWith(METHOD_RESPONSE)) {
            String rest = topic.substring(METHOD_RESPONSE.length());
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                return new Refused("method response without a status");
            }
            int status;
            try {
                status = Integer.parseInt(rest.substring(0, slash));
            } catch (NumberFormatException e) {
                return new Refused("method response status is not a number");
            }
            String rid = requestId(rest.substring(slash + 1));
            return rid == null ? new Refused("method response without $rid") : new MethodResponse(status, rid);
        }
        if (topic.startsWith("devices/")) {
            String rest = topic.substring("devices/".length());
            int slash = rest.indexOf('/');
            String topicDevice = slash < 0 ? rest : rest.substring(0, slash);
            if (!topicDevice.equals(deviceId)) {
                return new Refused("topic of another device");
            }
            String path = slash < 0 ? "" : rest.substring(slash);
            if (path.equals("/messages/events") || path.startsWith("/messages/events/")) {
                return new Telemetry();
            }
            return new Refused("unsupported device topic");
        }
        return new Refused("unsupported topic");
    }

    /**
     * Whether a device may subscribe to this filter: a valid MQTT filter that can only match its own topics.
     * The {@code $iothub/...} topics are per connection, so any filter within the supported ones is safe.
     */
    static boolean subscriptionAllowed(String filter, String deviceId) {
        if (!validFilter(filter)) {
            return false;
        }
        return filter.startsWith(METHOD_REQUESTS)
                || filter.startsWith(TWIN_RESPONSES)
                || filter.startsWith(DESIRED_PATCHES)
                || filter.startsWith("devices/" + deviceId + "/messages/devicebound/");
    }

    /** MQTT 3.1.1 topic-filter matching ({@code +} one level, {@code #} the rest, including the parent level). */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /** The {@code $rid} of a property bag {@code ?$rid=R&...} (leading '?' optional); null if absent or empty. */
    static String requestId(String propertyBag) {
        String rid = properties(propertyBag).get("$rid");
        return rid == null || rid.isEmpty() ? null : rid;
    }

    static Map<String, String> properties(String propertyBag) {
        Map<String, String> props = new HashMap<>();
        String bag = propertyBag.startsWith("?") ? propertyBag.substring(1) : propertyBag;
        for (String pair : bag.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                props.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return props;
    }

    private static boolean validFilter(String filter) {
        if (filter.isEmpty()) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (level.contains("+") && !level.equals("+")) {
                return false;
            }
        }
        return true;
    }
}
