package dev.twinops.hub;

import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinops.hub.testing.LoopbackAddresses;
import dev.twinops.limits.IotHubTier;
import dev.twinops.hub.testing.TestHubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalHubTest {

    @TempDir
    Path dataDir;

    @Test
    void connectionInfoNamesTheEndpointsPoliciesAndCa() {
        String bind = LoopbackAddresses.random();
        try (LocalHub hub = TestHubs.start(dataDir, bind)) {
            HubConnectionInfo info = hub.connectionInfo();
            assertThat(info.hostName()).isEqualTo(bind);
            assertThat(info.serviceEndpoint()).isEqualTo(bind + ":8443");
            assertThat(info.serviceConnectionString()).startsWith("HostName=" + bind + ";SharedAccessKeyName=iothubowner;SharedAccessKey=");
            assertThat(info.serviceConnectionString("registryRead")).contains("SharedAccessKeyName=registryRead;");
            assertThat(info.caCertificatePath()).exists().isEqualTo(dataDir.resolve("tls/ca.pem").toAbsolutePath());
            assertThat(info.toString()).doesNotContain("SharedAccessKey");
            assertThatThrownBy(() -> info.serviceConnectionString("owner")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> hub.deviceConnectionString("nobody")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nobody");
        }
    }

    @Test
    void connectionJsonSaysWhichTierTheHubThrottlesAs() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String bind = LoopbackAddresses.random();
        try (LocalHub hub = LocalHub.start(HubConfig.builder().dataDirectory(dataDir).bindAddress(bind).httpsPort(0)
                .tier(IotHubTier.S1, 2).build())) {
            Path file = dataDir.resolve("s1.json");
            hub.connectionInfo().writeTo(file);
            JsonNode written = json.readTree(file.toFile());
            assertThat(written.get("tier").asText()).isEqualTo("S1");
            assertThat(written.get("units").asInt()).isEqualTo(2);
            assertThat(hub.connectionInfo().toString()).contains("S1 with 2 units");
        }
        try (LocalHub hub = LocalHub.start(HubConfig.builder().dataDirectory(dataDir).bindAddress(bind).httpsPort(0)
                .build())) {
            Path file = dataDir.resolve("unlimited.json");
            hub.connectionInfo().writeTo(file);
            JsonNode written = json.readTree(file.toFile());
            assertThat(written.get("tier").asText()).isEqualTo("unlimited");
            assertThat(written.get("units").asInt()).isZero();
        }
    }

    @Test
    void registryTagsAndDesiredPropertiesSurviveARestartOnTheSameDataDirectory() throws Exception {
        String bind = LoopbackAddresses.random();
        String ownerConnectionString;
        String deviceConnectionString;
        try (LocalHub hub = TestHubs.start(dataDir, bind)) {
            ownerConnectionString = hub.connectionInfo().serviceConnectionString();
            RegistryClient registry = new RegistryClient(hub.connectionInfo().serviceEndpoint(), TestHubs.credential(hub, "iothubowner"));
            registry.addDevice(new Device("keep-1"));
            Device off = registry.addDevice(new Device("keep-off"));
            off.setStatus(DeviceStatus.Disabled);
            registry.updateDevice(off);
            deviceConnectionString = hub.deviceConnectionString("keep-1");

            Twin patch = new Twin("keep-1");
            patch.getTags().put("site", "plant-7");
            patch.getDesiredProperties().put("telemetryInterval", 42);
            new TwinClient(hub.connectionInfo().serviceEndpoint(), TestHubs.credential(hub, "iothubowner")).patch(patch);
        }

        try (LocalHub hub = TestHubs.start(dataDir, bind)) {
            assertThat(hub.connectionInfo().serviceConnectionString()).isEqualTo(ownerConnectionString);
            assertThat(hub.deviceConnectionString("keep-1")).isEqualTo(deviceConnectionString);
            RegistryClient registry = new RegistryClient(hub.connectionInfo().serviceEndpoint(), TestHubs.credential(hub, "iothubowner"));
            assertThat(registry.getDevice("keep-off").getStatus()).isEqualTo(DeviceStatus.Disabled);
            Twin twin = new TwinClient(hub.connectionInfo().serviceEndpoint(), TestHubs.credential(hub, "iothubowner")).get("keep-1");
            assertThat(twin.getTags()).containsEntry("site", "plant-7");
            assertThat(((Number) twin.getDesiredProperties().get("telemetryInterval")).intValue()).isEqualTo(42);
        }
    }

    @Test
    void aTakenHttpsPortIsAStartErrorNamingThePort() throws Exception {
        String bind = LoopbackAddresses.random();
        try (ServerSocket taken = new ServerSocket(8443, 1, InetAddress.getByName(bind))) {
            assertThatThrownBy(() -> TestHubs.start(dataDir, bind))
                    .isInstanceOf(HubStartException.class)
                    .hasMessageContaining(bind + ":8443");
        }
        // nothing is left listening or holding the data directory: the hub starts once the port is free
        try (LocalHub hub = TestHubs.start(dataDir, bind)) {
            assertThat(hub.connectionInfo().serviceEndpoint()).isEqualTo(bind + ":8443");
        }
    }

    @Test
    void aTakenMqttPortIsAStartErrorNamingThePort() throws Exception {
        String bind = LoopbackAddresses.random();
        try (ServerSocket taken = new ServerSocket(8883, 1, InetAddress.getByName(bind))) {
            assertThatThrownBy(() -> TestHubs.start(dataDir, bind))
                    .isInstanceOf(HubStartException.class)
                    .hasMessageContaining(bind + ":8883");
        }
    }

    @Test
    void aDataDirectoryThatIsAFileIsAStartErrorNamingIt() throws Exception {
        Path file = Files.writeString(dataDir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> TestHubs.start(file.resolve("data")))
                .isInstanceOf(HubStartException.class)
                .hasMessageContaining("not-a-dir")
                .hasMessageContaining("not usable");
    }

    @Test
    void keysAndDatabasesOthersCouldReadAreNotAdoptedUntilTheyAreOwnerOnly() throws Exception {
        String bind = LoopbackAddresses.random();
        TestHubs.start(dataDir, bind).close();

        for (String file : java.util.List.of("service-policies.json", "tls/issuer.key", "tls/server.key", "state.db", "jobs.db")) {
            Path path = dataDir.resolve(file);
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            assertThatThrownBy(() -> LocalHub.start(HubConfig.builder().dataDirectory(dataDir).bindAddress(bind).build()))
                    .as(file)
                    .isInstanceOf(HubStartException.class)
                    .hasMessageContaining(path.getFileName() + " has permissions rw-r--r--")
                    .hasMessageContaining("chmod 600");
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }

        try (LocalHub hub = TestHubs.start(dataDir, bind)) {
            RegistryClient registry = new RegistryClient(hub.connectionInfo().serviceEndpoint(),
                    TestHubs.credential(hub, "iothubowner"));
            assertThat(registry.addDevice(new Device("after")).getDeviceId()).isEqualTo("after");
        }
    }

    @Test
    void twoHubsCannotShareADataDirectory() {
        try (LocalHub first = TestHubs.start(dataDir)) {
            assertThatThrownBy(() -> TestHubs.start(dataDir))
                    .isInstanceOf(HubStartException.class)
                    .hasMessageContaining(dataDir.getFileName().toString());
            assertThat(first.connectionInfo()).isNotNull();
        }
    }

    @Test
    void invalidConfigurationIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> HubConfig.builder().build()).hasMessageContaining("data directory");
        assertThatThrownBy(() -> HubConfig.builder().dataDirectory(dataDir).httpsPort(70000).build())
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> HubConfig.builder().dataDirectory(dataDir).httpsPort(8883).build())
                .hasMessageContaining("8883");
        assertThatThrownBy(() -> LocalHub.start(HubConfig.builder().dataDirectory(dataDir).bindAddress("no-such-host.invalid").build()))
                .isInstanceOf(HubStartException.class).hasMessageContaining("no-such-host.invalid");
    }
}
