package dev.twinops.hub.mqtt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceTopicsTest {

    @Test
    void classifiesTheSdksTopics() {
        assertThat(DeviceTopics.classify("$iothub/twin/GET/?$rid=7", "d1")).isEqualTo(new DeviceTopics.TwinGet("7"));
        assertThat(DeviceTopics.classify("$iothub/twin/PATCH/properties/reported/?$rid=8", "d1"))
                .isEqualTo(new DeviceTopics.ReportedPatch("8"));
        assertThat(DeviceTopics.classify("$iothub/methods/res/200/?$rid=1f", "d1"))
                .isEqualTo(new DeviceTopics.MethodResponse(200, "1f"));
        assertThat(DeviceTopics.classify("$iothub/methods/res/-3/?$rid=1f", "d1"))
                .isEqualTo(new DeviceTopics.MethodResponse(-3, "1f"));
        assertThat(DeviceTopics.classify("devices/d1/messages/events/%24.ct=application%2Fjson&a=b", "d1"))
                .isInstanceOf(DeviceTopics.Telemetry.class);
        assertThat(DeviceTopics.classify("devices/d1/messages/events/", "d1")).isInstanceOf(DeviceTopics.Telemetry.class);
    }

    @Test
    void refusesForeignUnknownAndIncompleteTopics() {
        assertThat(DeviceTopics.classify("devices/d2/messages/events/", "d1"))
                .isEqualTo(new DeviceTopics.Refused("topic of another device"));
        assertThat(DeviceTopics.classify("devices/d1/modules/m/messages/events/", "d1"))
                .isInstanceOf(DeviceTopics.Refused.class);
        assertThat(DeviceTopics.classify("$iothub/twin/GET/", "d1")).isInstanceOf(DeviceTopics.Refused.class);
        assertThat(DeviceTopics.classify("$iothub/methods/res/ok/?$rid=1", "d1")).isInstanceOf(DeviceTopics.Refused.class);
        assertThat(DeviceTopics.classify("$iothub/methods/res/200/", "d1")).isInstanceOf(DeviceTopics.Refused.class);
        assertThat(DeviceTopics.classify("some/topic", "d1")).isInstanceOf(DeviceTopics.Refused.class);
    }

    @Test
    void subscriptionsStayInTheDevicesNamespace() {
        assertThat(DeviceTopics.subscriptionAllowed("$iothub/methods/POST/#", "d1")).isTrue();
        assertThat(DeviceTopics.subscriptionAllowed("$iothub/twin/res/#", "d1")).isTrue();
        assertThat(DeviceTopics.subscriptionAllowed("$iothub/twin/PATCH/properties/desired/#", "d1")).isTrue();
        assertThat(DeviceTopics.subscriptionAllowed("devices/d1/messages/devicebound/#", "d1")).isTrue();

        assertThat(DeviceTopics.subscriptionAllowed("devices/d2/messages/devicebound/#", "d1")).isFalse();
        assertThat(DeviceTopics.subscriptionAllowed("devices/+/messages/devicebound/#", "d1")).isFalse();
        assertThat(DeviceTopics.subscriptionAllowed("devices/d2/messages/events/#", "d1")).isFalse();
        assertThat(DeviceTopics.subscriptionAllowed("#", "d1")).isFalse();
        assertThat(DeviceTopics.subscriptionAllowed("+/+/#", "d1")).isFalse();
        assertThat(DeviceTopics.subscriptionAllowed("$iothub/#", "d1")).isFalse();
        assertThat(DeviceTopics.subscriptionAllowed("$iothub/methods/POST/a#", "d1")).isFalse();
        assertThat(DeviceTopics.subscriptionAllowed("$iothub/methods/POST/#/x", "d1")).isFalse();
    }

    @Test
    void mqttFilterMatching() {
        assertThat(DeviceTopics.matches("$iothub/methods/POST/#", "$iothub/methods/POST/reboot/?$rid=1")).isTrue();
        assertThat(DeviceTopics.matches("$iothub/twin/res/#", "$iothub/twin/res/204/?$rid=1&$version=3")).isTrue();
        assertThat(DeviceTopics.matches("a/#", "a")).isTrue();
        assertThat(DeviceTopics.matches("a/+/c", "a/b/c")).isTrue();
        assertThat(DeviceTopics.matches("a/+/c", "a/b/d")).isFalse();
        assertThat(DeviceTopics.matches("a/+", "a/b/c")).isFalse();
        assertThat(DeviceTopics.matches("a/b", "a/b")).isTrue();
        assertThat(DeviceTopics.matches("a/b", "a/b/")).isFalse();
        assertThat(DeviceTopics.matches("$iothub/methods/POST/#", "$iothub/twin/res/200/?$rid=1")).isFalse();
    }

    @Test
    void readsTheRequestIdFromThePropertyBag() {
        assertThat(DeviceTopics.requestId("?$rid=12&$version=4")).isEqualTo("12");
        assertThat(DeviceTopics.requestId("?$version=4&$rid=ab")).isEqualTo("ab");
        assertThat(DeviceTopics.requestId("?$rid=")).isNull();
        assertThat(DeviceTopics.requestId("")).isNull();
    }
}
