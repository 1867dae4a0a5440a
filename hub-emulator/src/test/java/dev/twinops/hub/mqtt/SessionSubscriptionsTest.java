package dev.twinops.hub.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SessionSubscriptionsTest {

    private static List<MqttTopicSubscription> filters(String... filters) {
        return Arrays.stream(filters).map(f -> new MqttTopicSubscription(f, MqttQoS.AT_LEAST_ONCE)).toList();
    }

    @Test
    void theSdksFourSubscriptionsAreGrantedAndSubscribingAgainChangesNothing() {
        SessionSubscriptions session = new SessionSubscriptions("d1");
        List<MqttTopicSubscription> sdk = filters("devices/d1/messages/devicebound/#", "$iothub/methods/POST/#",
                "$iothub/twin/res/#", "$iothub/twin/PATCH/properties/desired/#");
        SessionSubscriptions.Outcome first = session.subscribe(sdk);
        assertThat(first.granted()).containsOnly(MqttQoS.AT_LEAST_ONCE);
        assertThat(first.changed()).isTrue();

        SessionSubscriptions.Outcome again = session.subscribe(sdk);
        assertThat(again.granted()).containsOnly(MqttQoS.AT_LEAST_ONCE);
        assertThat(again.changed()).as("nothing to store").isFalse();
        assertThat(session.unsubscribe(List.of("$iothub/twin/GET/#"))).isFalse();
    }

    @Test
    void atMostFiveFiltersOfAtMost256CharactersAndOnlyTheDevicesOwn() {
        SessionSubscriptions session = new SessionSubscriptions("d1");
        SessionSubscriptions.Outcome outcome = session.subscribe(filters("$iothub/methods/POST/1", "$iothub/methods/POST/2",
                "$iothub/methods/POST/3", "$iothub/methods/POST/4", "$iothub/methods/POST/" + "x".repeat(300),
                "$iothub/methods/POST/5", "$iothub/methods/POST/6", "devices/d2/messages/devicebound/#",
                "$iothub/methods/POST/1"));
        assertThat(outcome.granted()).containsExactly(MqttQoS.AT_LEAST_ONCE, MqttQoS.AT_LEAST_ONCE,
                MqttQoS.AT_LEAST_ONCE, MqttQoS.AT_LEAST_ONCE, MqttQoS.FAILURE, MqttQoS.AT_LEAST_ONCE, MqttQoS.FAILURE,
                MqttQoS.FAILURE, MqttQoS.AT_LEAST_ONCE);
        assertThat(session.size()).isEqualTo(SessionSubscriptions.MAX_FILTERS);
    }

    @Test
    void aStoredSessionIsRestoredWithinTodaysRules() {
        SessionSubscriptions session = new SessionSubscriptions("d1");
        session.restore(List.of("$iothub/methods/POST/#", "#", "$iothub/twin/res/" + "y".repeat(400), "$iothub/twin/res/#",
                "$iothub/methods/POST/a", "$iothub/methods/POST/b", "$iothub/methods/POST/c", "$iothub/methods/POST/d"));
        assertThat(session.filters()).hasSize(5).contains("$iothub/methods/POST/#", "$iothub/twin/res/#")
                .doesNotContain("#");
        assertThat(session.matches("$iothub/methods/POST/reboot/?$rid=1")).isTrue();
    }
}
