package dev.twinops.hub;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClientOptions;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.twinops.hub.testing.DeviceTwinCalls;
import dev.twinops.hub.testing.LoopbackAddresses;
import dev.twinops.hub.testing.TestHubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Both endpoints together: official service clients on one side, an official DeviceClient (MQTT) on the other. */
class DeviceAndServiceEndToEndTest {

    @TempDir
    Path dataDir;

    private static DeviceClient connect(LocalHub hub, String deviceId) throws Exception {
        ClientOptions options = ClientOptions.builder()
                .sslContext(IotHubSSLContext.getSSLContextFromFile(hub.connectionInfo().caCertificatePath().toString()))
                .build();
        DeviceClient client = new DeviceClient(hub.deviceConnectionString(deviceId), IotHubClientProtocol.MQTT, options);
        client.open(true);
        return client;
    }

    @Test
    void desiredPatchesReachTheDeviceMethodsRoundTripAndReportedPropertiesSurviveARestart() throws Exception {
        String bind = LoopbackAddresses.random();
        try (LocalHub hub = TestHubs.start(dataDir, bind)) {
            String endpoint = hub.connectionInfo().serviceEndpoint();
            new RegistryClient(endpoint, TestHubs.credential(hub, "iothubowner")).addDevice(new Device("e2e-1"));
            TwinClient twins = new TwinClient(endpoint, TestHubs.credential(hub, "iothubowner"));

            Map<String, Object> desiredSeen = new ConcurrentHashMap<>();
            DeviceClient device = connect(hub, "e2e-1");
            try {
                device.subscribeToDesiredProperties((twin, context) ->
                        twin.getDesiredProperties().forEach((k, v) -> { if (v != null) desiredSeen.put(k, v); }), null);
                device.subscribeToMethods((method, payload, context) ->
                        new DirectMethodResponse(200, Map.of("echo", method, "got", payload.getPayloadAsJsonString())), null);

                Twin patch = new Twin("e2e-1");
                patch.getDesiredProperties().put("telemetryInterval", 15);
                twins.patch(patch);
                await().atMost(Duration.ofSeconds(20)).until(() -> desiredSeen.containsKey("telemetryInterval"));
                assertThat(((Number) desiredSeen.get("telemetryInterval")).intValue()).isEqualTo(15);

                DirectMethodsClient methods = new DirectMethodsClient(endpoint, TestHubs.credential(hub, "service"),
                        DirectMethodsClientOptions.builder().httpReadTimeoutSeconds(40).build());
                var response = methods.invoke("e2e-1", "reboot", DirectMethodRequestOptions.builder()
                        .methodResponseTimeoutSeconds(30).payload(Map.of("delay", 1)).build());
                assertThat(response.getStatus()).isEqualTo(200);
                assertThat(response.getPayloadAsJsonString()).contains("\"echo\":\"reboot\"").contains("delay");

                com.microsoft.azure.sdk.iot.device.twin.TwinCollection reported =
                        new com.microsoft.azure.sdk.iot.device.twin.TwinCollection();
                reported.put("firmwareVersion", "1.2.3");
                DeviceTwinCalls.withRetry(() -> device.updateReportedProperties(reported, DeviceTwinCalls.TIMEOUT_MILLIS));
                assertThat(twins.get("e2e-1").getConnectionState()).isEqualToIgnoringCase("Connected");
            } finally {
                device.close();
            }
        }

        try (LocalHub hub = TestHubs.start(dataDir, bind)) {
            Twin twin = new TwinClient(hub.connectionInfo().serviceEndpoint(), TestHubs.credential(hub, "iothubowner"))
                    .get("e2e-1");
            assertThat(twin.getReportedProperties()).containsEntry("firmwareVersion", "1.2.3");
            assertThat(((Number) twin.getDesiredProperties().get("telemetryInterval")).intValue()).isEqualTo(15);
            assertThat(twin.getConnectionState()).isEqualToIgnoringCase("Disconnected");
        }
    }
}
