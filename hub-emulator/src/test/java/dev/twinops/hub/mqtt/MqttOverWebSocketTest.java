package dev.twinops.hub.mqtt;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClientOptions;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.testing.DeviceTwinCalls;
import dev.twinops.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The device SDK's MQTT over WebSocket ({@code IotHubClientProtocol.MQTT_WS}) against the hub's HTTPS port. The
 * SDK connects to {@code wss://<GatewayHostName>/$iothub/websocket}: a GatewayHostName with a port lets it reach a
 * port other than 443 (such a client does not subscribe to cloud-to-device messages, which the hub does not send).
 */
class MqttOverWebSocketTest {

    @TempDir
    Path dataDir;
    private LocalHub hub;
    private DeviceClient client;

    @BeforeEach
    void startHub() {
        hub = TestHubs.start(dataDir);
    }

    @AfterEach
    void stopHub() throws Exception {
        if (client != null) {
            client.close();
        }
        hub.close();
    }

    @Test
    void aDeviceOnMqttOverWebSocketReadsAndReportsItsTwinAndAnswersMethodsBesideServiceCalls() throws Exception {
        String endpoint = hub.connectionInfo().serviceEndpoint();
        RegistryClient registry = new RegistryClient(endpoint, TestHubs.credential(hub, "iothubowner"));
        TwinClient twins = new TwinClient(endpoint, TestHubs.credential(hub, "iothubowner"));
        registry.addDevice(new Device("ws-1"));
        Twin desired = twins.get("ws-1");
        desired.getDesiredProperties().put("interval", 7);
        twins.patch(desired);

        client = new DeviceClient(hub.deviceConnectionString("ws-1") + ";GatewayHostName=" + endpoint,
                IotHubClientProtocol.MQTT_WS, ClientOptions.builder()
                .sslContext(IotHubSSLContext.getSSLContextFromFile(hub.connectionInfo().caCertificatePath().toString()))
                .build());
        client.open(false);
        List<String> methods = new CopyOnWriteArrayList<>();
        client.subscribeToMethods((name, payload, context) -> {
            methods.add(name);
            return new DirectMethodResponse(200, null);
        }, null);
        client.subscribeToDesiredProperties((twin, context) -> { }, null);

        var twin = DeviceTwinCalls.withRetry(() -> client.getTwin(DeviceTwinCalls.TIMEOUT_MILLIS));
        assertThat(((Number) twin.getDesiredProperties().get("interval")).intValue()).isEqualTo(7);
        TwinCollection reported = new TwinCollection();
        reported.put("transport", "websocket");
        DeviceTwinCalls.withRetry(() -> client.updateReportedProperties(reported, DeviceTwinCalls.TIMEOUT_MILLIS));

        // the same port keeps serving the service SDK
        Twin seen = twins.get("ws-1");
        assertThat(seen.getReportedProperties().get("transport")).isEqualTo("websocket");
        assertThat(seen.getConnectionState()).isEqualToIgnoringCase("Connected");
        DirectMethodsClient invoker = new DirectMethodsClient(endpoint, TestHubs.credential(hub, "iothubowner"),
                DirectMethodsClientOptions.builder().httpReadTimeoutSeconds(60).build());
        assertThat(invoker.invoke("ws-1", "reboot").getStatus()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> methods.contains("reboot"));
    }
}
