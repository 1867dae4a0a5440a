package dev.twinops.hub.mqtt;

import com.azure.core.credential.AzureSasCredential;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.transport.IotHubConnectionStatus;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.device.twin.ReportedPropertiesUpdateResponse;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClientOptions;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.auth.SasToken;
import dev.twinops.hub.testing.DeviceTwinCalls;
import dev.twinops.hub.testing.TestHubs;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The official device SDK (DeviceClient over MQTT) and service SDK (RegistryClient, TwinClient,
 * DirectMethodsClient) against a LocalHub on a random loopback address.
 */
class DeviceSdkEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;
    private LocalHub hub;
    private String address;
    private RegistryClient registry;
    private TwinClient twins;
    private DirectMethodsClient methods;
    private final List<DeviceClient> devices = new ArrayList<>();
    private final List<MqttClient> rawClients = new ArrayList<>();

    @BeforeEach
    void startHub() {
        hub = TestHubs.start(dataDir);
        address = hub.connectionInfo().hostName();
        connectServiceClients();
    }

    private void connectServiceClients() {
        AzureSasCredential credential = TestHubs.credential(hub, "iothubowner");
        String endpoint = hub.connectionInfo().serviceEndpoint();
        registry = new RegistryClient(endpoint, credential);
        twins = new TwinClient(endpoint, credential);
        // 2.1.9 uses the HTTP read timeout as the whole call's limit: keep it above every method timeout used here
        methods = new DirectMethodsClient(endpoint, credential,
                DirectMethodsClientOptions.builder().httpReadTimeoutSeconds(90).build());
    }

    @AfterEach
    void stopHub() throws Exception {
        for (DeviceClient device : devices) {
            device.close();
        }
        for (MqttClient raw : rawClients) {
            if (raw.isConnected()) {
                raw.disconnectForcibly(100, 100);
            }
            raw.close(true);
        }
        hub.close();
    }

    @Test
    void deviceReadsItsTwinAndReportsProperties() throws Exception {
        Device device = registry.addDevice(new Device("sensor-1"));
        Twin withDesired = twins.get("sensor-1");
        withDesired.getDesiredProperties().put("telemetryInterval", 15);
        twins.patch(withDesired);

        DeviceClient client = openDevice(hub.deviceConnectionString(device.getDeviceId()));
        client.subscribeToDesiredProperties((twin, context) -> { }, null);

        com.microsoft.azure.sdk.iot.device.twin.Twin deviceTwin = DeviceTwinCalls.withRetry(() -> client.getTwin(DeviceTwinCalls.TIMEOUT_MILLIS));
        assertThat(((Number) deviceTwin.getDesiredProperties().get("telemetryInterval")).intValue()).isEqualTo(15);
        assertThat(deviceTwin.getDesiredProperties().getVersion()).isEqualTo(2);

        TwinCollection reported = new TwinCollection();
        reported.put("firmwareVersion", "1.4.2");
        reported.put("battery", Map.of("level", 87));
        ReportedPropertiesUpdateResponse response =
                DeviceTwinCalls.withRetry(() -> client.updateReportedProperties(reported, DeviceTwinCalls.TIMEOUT_MILLIS));

        Twin serviceView = twins.get("sensor-1");
        assertThat(serviceView.getReportedProperties().get("firmwareVersion")).isEqualTo("1.4.2");
        // 2 unless the SDK's client-side race made the first attempt time out after the hub stored it
        assertThat(serviceView.getReportedProperties().getVersion()).isEqualTo(response.getVersion()).isGreaterThanOrEqualTo(2);
        assertThat(serviceView.getConnectionState()).isEqualToIgnoringCase("connected");
    }

    @Test
    void refusesWrongKeyUnknownDisabledAndExpiredCredentials() throws Exception {
        Device device = registry.addDevice(new Device("sensor-1"));
        String other = registry.addDevice(new Device("sensor-2")).getPrimaryKey();

        assertUnauthorized("HostName=" + address + ";DeviceId=sensor-1;SharedAccessKey=" + other);
        assertUnauthorized("HostName=" + address + ";DeviceId=ghost;SharedAccessKey=" + other);
        String expired = SasToken.create(address + "/devices/sensor-1", device.getPrimaryKey(), null,
                Instant.now().minusSeconds(60));
        assertUnauthorized("HostName=" + address + ";DeviceId=sensor-1;SharedAccessSignature=" + expired);

        device.setStatus(DeviceStatus.Disabled);
        registry.updateDevice(device);
        assertUnauthorized(hub.deviceConnectionString("sensor-1"));
    }

    @Test
    void secondaryKeyConnects() throws Exception {
        Device device = registry.addDevice(new Device("sensor-1"));
        DeviceClient client = openDevice("HostName=" + address + ";DeviceId=sensor-1;SharedAccessKey="
                + device.getSecondaryKey());
        client.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(200, null), null);
        assertThat(methods.invoke("sensor-1", "noop").getStatus()).isEqualTo(200);
    }

    @Test
    void desiredPatchFromTheServiceReachesTheDeviceCallback() throws Exception {
        registry.addDevice(new Device("sensor-1"));
        DeviceClient client = openDevice(hub.deviceConnectionString("sensor-1"));
        List<com.microsoft.azure.sdk.iot.device.twin.Twin> patches = new CopyOnWriteArrayList<>();
        client.subscribeToDesiredProperties((twin, context) -> patches.add(twin), null);

        Twin twin = twins.get("sensor-1");
        twin.getDesiredProperties().put("mode", "eco");
        twins.patch(twin);

        await().atMost(WAIT).until(() -> patches.stream()
                .anyMatch(p -> "eco".equals(p.getDesiredProperties().get("mode"))));
        com.microsoft.azure.sdk.iot.device.twin.Twin patch = patches.stream()
                .filter(p -> "eco".equals(p.getDesiredProperties().get("mode"))).findFirst().orElseThrow();
        assertThat(patch.getDesiredProperties().getVersion()).isEqualTo(2);
    }

    @Test
    void directMethodRoundTrip() throws Exception {
        registry.addDevice(new Device("sensor-1"));
        DeviceClient client = openDevice(hub.deviceConnectionString("sensor-1"));
        client.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(
                "reboot".equals(name) ? 202 : 404,
                JsonParser.parseString("{\"method\":\"" + name + "\",\"echo\":" + payload.getPayloadAsJsonString() + "}")),
                null);

        var response = methods.invoke("sensor-1", "reboot", DirectMethodRequestOptions.builder()
                .payload(Map.of("delaySeconds", 5))
                .methodResponseTimeoutSeconds(10)
                .build());

        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(JsonParser.parseString(response.getPayloadAsJsonString()))
                .isEqualTo(JsonParser.parseString("{\"method\":\"reboot\",\"echo\":{\"delaySeconds\":5}}"));
    }

    @Test
    void aMethodResponseOverIotHubs128KbIs413MessageTooLarge() throws Exception {
        registry.addDevice(new Device("sensor-1"));
        DeviceClient client = openDevice(hub.deviceConnectionString("sensor-1"));
        client.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(200,
                new com.google.gson.JsonPrimitive("z".repeat("dump".equals(name) ? 200 * 1024 : 128 * 1024 - 2))), null);

        // IoT Hub's code for a message over its size limit (REST reference, common error codes): 413 / 413001
        assertThatThrownBy(() -> methods.invoke("sensor-1", "dump"))
                .isInstanceOfSatisfying(IotHubException.class, e -> assertThat(e.getErrorCode()).isEqualTo(413001))
                .hasMessageContaining("limit for a method payload is 131072 bytes");
        // a response of exactly 128 KB is passed on, and the device keeps its connection
        assertThat(methods.invoke("sensor-1", "fits").getPayloadAsJsonString()).hasSize(128 * 1024);
    }

    @Test
    void methodNamesThatWouldReshapeTheDevicesTopicAreRefusedBeforeReachingIt() throws Exception {
        registry.addDevice(new Device("sensor-1"));
        DeviceClient client = openDevice(hub.deviceConnectionString("sensor-1"));
        List<String> received = new CopyOnWriteArrayList<>();
        client.subscribeToMethods((name, payload, context) -> {
            received.add(name);
            return new DirectMethodResponse(200, null);
        }, null);

        for (String name : List.of("reboot/x/res/200", "reboot?rid=1", "re#boot", "re+boot")) {
            assertThatThrownBy(() -> methods.invoke("sensor-1", name))
                    .as(name)
                    .isInstanceOf(com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException.class)
                    .satisfies(e -> assertThat(((IotHubException) e).getErrorCode()).isEqualTo(400004))
                    .hasMessageContaining("method name may not contain");
        }
        assertThat(methods.invoke("sensor-1", "reboot").getStatus()).isEqualTo(200);
        assertThat(received).containsExactly("reboot");
    }

    @Test
    void methodsStillWorkAfterTheDeviceReconnects() throws Exception {
        Device device = registry.addDevice(new Device("sensor-1"));
        List<IotHubConnectionStatus> statuses = new CopyOnWriteArrayList<>();
        DeviceClient client = openDevice(hub.deviceConnectionString("sensor-1"), statuses);
        client.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(200, null), null);

        // another connection with the same client id takes over, then goes away: the SDK reconnects by itself
        // and, as against IoT Hub, does not subscribe again
        MqttClient intruder = rawConnection("sensor-1", device.getPrimaryKey());
        await().atMost(WAIT).until(() -> statuses.contains(IotHubConnectionStatus.DISCONNECTED_RETRYING));
        intruder.disconnect();
        await().atMost(WAIT).until(() -> statuses.get(statuses.size() - 1) == IotHubConnectionStatus.CONNECTED);

        var response = methods.invoke("sensor-1", "ping", DirectMethodRequestOptions.builder()
                .methodConnectTimeoutSeconds(30).methodResponseTimeoutSeconds(10).build());
        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void methodsWorkAfterAHubRestartOnTheSameDataDirectory() throws Exception {
        registry.addDevice(new Device("sensor-1"));
        List<IotHubConnectionStatus> statuses = new CopyOnWriteArrayList<>();
        DeviceClient client = openDevice(hub.deviceConnectionString("sensor-1"), statuses);
        client.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(200,
                JsonParser.parseString("\"" + name + "\"")), null);

        hub.close();
        await().atMost(WAIT).until(() -> statuses.contains(IotHubConnectionStatus.DISCONNECTED_RETRYING));
        hub = TestHubs.start(dataDir, address);
        connectServiceClients();

        // the SDK reconnects by itself; the call waits for it
        var response = methods.invoke("sensor-1", "afterRestart", DirectMethodRequestOptions.builder()
                .methodConnectTimeoutSeconds(60).methodResponseTimeoutSeconds(10).build());
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getPayloadAsJsonString()).isEqualTo("\"afterRestart\"");
        assertThat(statuses.get(statuses.size() - 1)).isEqualTo(IotHubConnectionStatus.CONNECTED);
    }

    @Test
    void offlineDeviceWithoutConnectTimeoutIsNotOnline() throws Exception {
        registry.addDevice(new Device("sensor-1"));
        assertThatThrownBy(() -> methods.invoke("sensor-1", "reboot", DirectMethodRequestOptions.builder()
                .methodConnectTimeoutSeconds(0).methodResponseTimeoutSeconds(10).build()))
                .isInstanceOfSatisfying(IotHubException.class, e -> assertThat(e.getErrorCode()).isEqualTo(404103));
    }

    @Test
    void callWaitsForADeviceThatConnectsWithinTheConnectTimeout() throws Exception {
        registry.addDevice(new Device("sensor-1"));
        CompletableFuture<com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse> call =
                CompletableFuture.supplyAsync(() -> {
                    try {
                        return methods.invoke("sensor-1", "hello", DirectMethodRequestOptions.builder()
                                .methodConnectTimeoutSeconds(60).methodResponseTimeoutSeconds(10).build());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });

        DeviceClient client = openDevice(hub.deviceConnectionString("sensor-1"));
        assertThat(call).isNotDone();
        client.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(201, null), null);

        assertThat(call.get(30, TimeUnit.SECONDS).getStatus()).isEqualTo(201);
    }

    @Test
    void deviceThatDoesNotAnswerIsAGatewayTimeout() throws Exception {
        Device device = registry.addDevice(new Device("sensor-1"));
        // a device that subscribes to methods and never answers
        MqttClient silent = rawConnection("sensor-1", device.getPrimaryKey());
        silent.subscribe("$iothub/methods/POST/#", 1);

        long start = System.nanoTime();
        assertThatThrownBy(() -> methods.invoke("sensor-1", "reboot", DirectMethodRequestOptions.builder()
                .methodConnectTimeoutSeconds(0).methodResponseTimeoutSeconds(5).build()))
                .isInstanceOfSatisfying(IotHubException.class, e -> assertThat(e.getErrorCode()).isEqualTo(504101));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(4500), Duration.ofSeconds(20));
    }

    // ---- helpers ----

    private DeviceClient openDevice(String connectionString) throws Exception {
        return openDevice(connectionString, new CopyOnWriteArrayList<>());
    }

    private DeviceClient openDevice(String connectionString, List<IotHubConnectionStatus> statuses) throws Exception {
        DeviceClient client = newDevice(connectionString);
        client.setConnectionStatusChangeCallback(change -> statuses.add(change.getNewStatus()), null);
        client.open(false);
        devices.add(client);
        return client;
    }

    private DeviceClient newDevice(String connectionString) throws Exception {
        ClientOptions options = ClientOptions.builder()
                .sslContext(IotHubSSLContext.getSSLContextFromFile(hub.connectionInfo().caCertificatePath().toString()))
                .build();
        return new DeviceClient(connectionString, IotHubClientProtocol.MQTT, options);
    }

    private void assertUnauthorized(String connectionString) throws Exception {
        DeviceClient client = newDevice(connectionString);
        try {
            assertThatThrownBy(() -> client.open(false))
                    .isInstanceOfSatisfying(IotHubClientException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(IotHubStatusCode.UNAUTHORIZED));
        } finally {
            client.close();
        }
    }

    private MqttClient rawConnection(String deviceId, String key) throws Exception {
        MqttClient client = new MqttClient("ssl://" + address + ":8883", deviceId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setUserName(address + "/" + deviceId + "/?api-version=2020-09-30");
        options.setPassword(SasToken.create(address + "/devices/" + deviceId, key, null,
                Instant.now().plusSeconds(600)).toCharArray());
        options.setSocketFactory(IotHubSSLContext.getSSLContextFromFile(
                hub.connectionInfo().caCertificatePath().toString()).getSocketFactory());
        client.connect(options);
        rawClients.add(client);
        return client;
    }
}
