package dev.twinops.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.twinops.hub.testing.DeviceTwinCalls;
import dev.twinops.hub.testing.TestHubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Arrays in desired and reported properties, both ways, through the official device and service SDKs. */
class TwinArraysEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void arraysTravelBothWaysAndAreQueryableButTagsStillRefuseThem() throws Exception {
        try (LocalHub hub = TestHubs.start(dataDir)) {
            String endpoint = hub.connectionInfo().serviceEndpoint();
            new RegistryClient(endpoint, TestHubs.credential(hub, "iothubowner")).addDevice(new Device("arr-1"));
            new RegistryClient(endpoint, TestHubs.credential(hub, "iothubowner")).addDevice(new Device("arr-2"));
            TwinClient twins = new TwinClient(endpoint, TestHubs.credential(hub, "iothubowner"));

            Map<String, Object> desiredSeen = new ConcurrentHashMap<>();
            DeviceClient device = new DeviceClient(hub.deviceConnectionString("arr-1"), IotHubClientProtocol.MQTT,
                    ClientOptions.builder().sslContext(IotHubSSLContext.getSSLContextFromFile(
                            hub.connectionInfo().caCertificatePath().toString())).build());
            device.open(true);
            try {
                device.subscribeToDesiredProperties((twin, context) ->
                        twin.getDesiredProperties().forEach((k, v) -> { if (v != null) desiredSeen.put(k, v); }), null);

                com.microsoft.azure.sdk.iot.device.twin.TwinCollection reported =
                        new com.microsoft.azure.sdk.iot.device.twin.TwinCollection();
                reported.put("list", List.of(1, 2, 3));
                DeviceTwinCalls.withRetry(() -> device.updateReportedProperties(reported, DeviceTwinCalls.TIMEOUT_MILLIS));

                Twin patch = new Twin("arr-1");
                patch.getDesiredProperties().put("allowedSources", List.of("https://a.example", "https://b.example"));
                twins.patch(patch);
                await().atMost(Duration.ofSeconds(20)).until(() -> desiredSeen.containsKey("allowedSources"));
                assertThat(((List<?>) desiredSeen.get("allowedSources")).stream().map(String::valueOf).toList()).containsExactly("https://a.example", "https://b.example");
            } finally {
                device.close();
            }

            Twin twin = twins.get("arr-1");
            assertThat(((List<?>) twin.getReportedProperties().get("list")).stream().map(v -> ((Number) v).intValue()).toList())
                    .containsExactly(1, 2, 3);
            assertThat((List<?>) twin.getDesiredProperties().get("allowedSources")).hasSize(2);

            Twin tagged = new Twin("arr-2");
            tagged.getTags().put("zones", List.of("a", "b"));
            assertThatThrownBy(() -> twins.patch(tagged)).isInstanceOf(IotHubBadFormatException.class);

            QueryClient queries = new QueryClient(endpoint, TestHubs.credential(hub, "iothubowner"));
            List<JsonNode> rows = rows(queries.queryRaw(
                    "SELECT deviceId, properties.reported.list FROM devices WHERE IS_ARRAY(properties.reported.list)"));
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).path("deviceId").asText()).isEqualTo("arr-1");
            assertThat(rows.get(0).path("list").toString()).isEqualTo("[1,2,3]");
            // IoT Hub compares primitive values only: an array equals nothing, not even the same array.
            assertThat(rows(queries.queryRaw("SELECT * FROM devices WHERE properties.reported.list = [1,2,3]"))).isEmpty();
            assertThat(rows(queries.queryRaw("SELECT * FROM devices WHERE IS_ARRAY(tags.zones)"))).isEmpty();
        }
    }

    private static List<JsonNode> rows(RawQueryResponse response) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        while (response.hasNext()) {
            rows.add(JSON.readTree(response.next()));
        }
        return rows;
    }
}
