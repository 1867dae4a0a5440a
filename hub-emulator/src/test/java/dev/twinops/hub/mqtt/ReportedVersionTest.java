package dev.twinops.hub.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import dev.twinops.hub.testing.DeviceTwinCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * A reported-properties patch that carries {@code $version} on its topic is applied only at that version, as IoT Hub
 * does: a device writing from a stale copy of its twin gets {@code res/412} and its patch is not applied.
 */
class ReportedVersionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private MqttTestHub hub;
    private PahoDevice paho;
    private DeviceClient sdkDevice;

    private record Answer(String topic, byte[] payload) {
    }

    @BeforeEach
    void startHub() throws Exception {
        hub = MqttTestHub.start(dataDir);
    }

    @AfterEach
    void stopHub() throws Exception {
        if (paho != null) {
            paho.close();
        }
        if (sdkDevice != null) {
            sdkDevice.close();
        }
        hub.close();
    }

    @Test
    void aPatchAtTheCurrentVersionIsAppliedAndOneAtAnotherIsRefusedWith412() throws Exception {
        hub.createDevice("d1");
        paho = PahoDevice.connect(hub, "d1");
        List<Answer> answers = new CopyOnWriteArrayList<>();
        paho.subscribe("$iothub/twin/res/#", (topic, message) -> answers.add(new Answer(topic, message.getPayload())));

        paho.publish("$iothub/twin/PATCH/properties/reported/?$rid=1&$version=1", "{\"a\":1}");
        await().atMost(WAIT).until(() -> answers.size() == 1);
        paho.publish("$iothub/twin/PATCH/properties/reported/?$rid=2&$version=0", "{\"stale\":true}");
        await().atMost(WAIT).until(() -> answers.size() == 2);
        paho.publish("$iothub/twin/PATCH/properties/reported/?$version=2&$rid=3", "{\"b\":2}");
        await().atMost(WAIT).until(() -> answers.size() == 3);

        assertThat(answers.get(0).topic()).isEqualTo("$iothub/twin/res/204/?$rid=1&$version=2");
        assertThat(answers.get(1).topic()).isEqualTo("$iothub/twin/res/412/?$rid=2");
        assertThat(JSON.readTree(answers.get(1).payload()).get("errorCode").asInt()).isEqualTo(412001);
        assertThat(answers.get(2).topic()).isEqualTo("$iothub/twin/res/204/?$rid=3&$version=3");
        assertThat(hub.state.serviceTwin("d1").at("/properties/reported/stale").isMissingNode())
                .as("the stale patch was not applied").isTrue();
        assertThat(hub.state.serviceTwin("d1").at("/properties/reported/$version").asLong()).isEqualTo(3);
        assertThat(DeviceTopics.classify("$iothub/twin/PATCH/properties/reported/?$rid=4", "d1"))
                .as("without $version a patch is unconditional").isEqualTo(new DeviceTopics.ReportedPatch("4", null));
        assertThat(DeviceTopics.classify("$iothub/twin/PATCH/properties/reported/?$rid=4&$version=x", "d1"))
                .isInstanceOf(DeviceTopics.Refused.class);
    }

    /** What the Java SDK's TwinTests.sendMultipleReportedPropertiesChecksForVersion does. */
    @Test
    void theDeviceSdkGetsPreconditionFailedForAnOutOfDateVersion() throws Exception {
        hub.createDevice("sdk-1");
        sdkDevice = new DeviceClient(hub.deviceConnectionString("sdk-1"), IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(IotHubSSLContext.getSSLContextFromFile(hub.caPem.toString())).build());
        sdkDevice.open(true);
        sdkDevice.subscribeToDesiredProperties((twin, context) -> { }, null);

        Twin twin = DeviceTwinCalls.withRetry(() -> sdkDevice.getTwin(DeviceTwinCalls.TIMEOUT_MILLIS));
        // Unconditional, so that sending it again after an answer the SDK lost (its issue 1803) is not itself refused
        TwinCollection first = new TwinCollection();
        first.put("key1", "value1");
        DeviceTwinCalls.withRetry(() -> sdkDevice.updateReportedProperties(first, DeviceTwinCalls.TIMEOUT_MILLIS));
        twin.getReportedProperties().clear();
        twin.getReportedProperties().put("key2", "value2");
        twin.getReportedProperties().setVersion(0);

        IotHubClientException refused = catchThrowableOfType(() -> DeviceTwinCalls.withRetry(() ->
                sdkDevice.updateReportedProperties(twin.getReportedProperties(), DeviceTwinCalls.TIMEOUT_MILLIS)),
                IotHubClientException.class);

        assertThat(refused.getStatusCode()).isEqualTo(IotHubStatusCode.PRECONDITION_FAILED);
        assertThat(hub.state.serviceTwin("sdk-1").at("/properties/reported/key1").asText()).isEqualTo("value1");
        assertThat(hub.state.serviceTwin("sdk-1").at("/properties/reported/key2").isMissingNode()).isTrue();
    }
}
