package dev.twinops.hub.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The topic filters of one connection's session: which are allowed, how many and how long, and whether a topic
 * matches one of them. Event-loop confined, like its connection; storing them is the connection's part.
 *
 * <p>A device has a handful of {@code $iothub} topics (the SDK subscribes to four), so the set is small by rule,
 * not by trust: IoT Hub lets a device subscribe to {@link #MAX_FILTERS} topics at a time, and refuses the rest.
 */
final class SessionSubscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(SessionSubscriptions.class);

    /** "A device can only subscribe to five topics at a time" (IoT Hub's MQTT support article). */
    static final int MAX_FILTERS = 5;
    /**
     * Longer filters are refused. IoT Hub names none, but its longest filter is
     * {@code devices/<id>/messages/devicebound/#} with a device id of at most 128 characters: 159 characters.
     */
    static final int MAX_FILTER_LENGTH = 256;

    /** Whether a SUBSCRIBE changed the set (and so needs storing), and the QoS granted to each filter, in order. */
    record Outcome(List<MqttQoS> granted, boolean changed) {
    }

    private final String deviceId;
    private final Set<String> filters = new LinkedHashSet<>();

    SessionSubscriptions(String deviceId) {
        this.deviceId = deviceId;
    }

    /**
     * Takes over the filters of a stored session, as far as today's rules allow them (a session stored by an
     * earlier version of the hub may hold more or other filters).
     */
    void restore(Collection<String> stored) {
        for (String filter : stored) {
            if (filters.size() < MAX_FILTERS && allowed(filter)) {
                filters.add(filter);
            }
        }
    }

    /** Applies a SUBSCRIBE: granted QoS 1 for each allowed filter, failure (0x80) for the others. */
    Outcome subscribe(List<MqttTopicSubscription> requested) {
        List<MqttQoS> granted = new ArrayList<>(requested.size());
        boolean changed = false;
        for (MqttTopicSubscription subscription : requested) {
            String filter = subscription.topicFilter();
            if (!allowed(filter)) {
                LOG.info("Device {} may not subscribe to '{}'", deviceId, abbreviated(filter));
                granted.add(MqttQoS.FAILURE);
            } else if (!filters.contains(filter) && filters.size() >= MAX_FILTERS) {
                LOG.info("Device {} already has {} subscriptions: '{}' refused", deviceId, MAX_FILTERS, filter);
                granted.add(MqttQoS.FAILURE);
            } else {
                changed |= filters.add(filter);
                // IoT Hub grants QoS 1 and sends everything to devices at QoS 1
                granted.add(MqttQoS.AT_LEAST_ONCE);
            }
        }
        return new Outcome(granted, changed);
    }

    /** Applies an UNSUBSCRIBE; true if the set changed. */
    boolean unsubscribe(Collection<String> topics) {
        return filters.removeAll(topics);
    }

    boolean matches(String topic) {
        for (String filter : filters) {
            if (DeviceTopics.matches(filter, topic)) {
                return true;
            }
        }
        return false;
    }

    Set<String> filters() {
        return Set.copyOf(filters);
    }

    boolean isEmpty() {
        return filters.isEmpty();
    }

    int size() {
        return filters.size();
    }

    private boolean allowed(String filter) {
        return filter.length() <= MAX_FILTER_LENGTH && DeviceTopics.subscriptionAllowed(filter, deviceId);
    }

    /** Filters are logged, but a hostile one may be long. */
    private static String abbreviated(String filter) {
        return filter.length() <= 100 ? filter : filter.substring(0, 100) + "... (" + filter.length() + " characters)";
    }
}
