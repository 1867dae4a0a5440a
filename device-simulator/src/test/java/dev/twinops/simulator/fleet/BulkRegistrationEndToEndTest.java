package dev.twinops.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fleet registers its missing devices through IoT Hub's bulk registry operation, 100 a request, counted in the
 * local hub's own request log; devices that already exist keep their keys and tags.
 */
class BulkRegistrationEndToEndTest {

    @RegisterExtension
    static final LocalHubFixture env = new LocalHubFixture();
    static RegistryClient registry;

    @BeforeAll
    static void connectRegistry() {
        var info = env.hub.connectionInfo();
        registry = new RegistryClient(info.serviceEndpoint(), new AzureSasCredential(new IotHubServiceSasToken(
                IotHubConnectionStringBuilder.createIotHubConnectionString(info.serviceConnectionString())).toString()));
    }

    @Test
    void twoHundredFiftyNewDevicesAreRegisteredInThreeBulkRequestsAndComeOnlineTagged() throws Exception {
        try (HubRequestLog log = new HubRequestLog();
             SimulatedFleet fleet = SimulatedFleet.start(env.fleet("bulk-", 250).parallelism(8).build())) {
            FleetSummary online = fleet.allOnline().get(240, TimeUnit.SECONDS);

            assertThat(online.online()).isEqualTo(250);
            assertThat(log.bulkRequests()).as("POST /devices").isEqualTo(3);
            assertThat(log.singleAdds()).as("PUT /devices/{id}").isZero();
            Twin first = env.twins.get("bulk-0001");
            assertThat(first.getTags()).containsEntry("ring", "canary").containsEntry("model", "TX-100")
                    .containsEntry("site", "plant-north");
            Twin last = env.twins.get("bulk-0250");
            assertThat(last.getTags()).containsEntry("ring", "broad").containsEntry("model", "TX-100")
                    .containsEntry("site", "plant-south");
        }
    }

    @Test
    void aDeviceThatAlreadyExistsInABatchKeepsItsKeyAndTagsAndTheOthersAreCreated() throws Exception {
        Device existing = registry.addDevice(new Device("mixed-0003"));
        Twin custom = new Twin("mixed-0003");
        custom.getTags().put("ring", "hold-back");
        env.twins.patch(custom);

        try (HubRequestLog log = new HubRequestLog();
             SimulatedFleet fleet = SimulatedFleet.start(env.fleet("mixed-", 6).build())) {
            FleetSummary online = fleet.allOnline().get(120, TimeUnit.SECONDS);

            assertThat(online.online()).as("the existing device connects with the key it had").isEqualTo(6);
            assertThat(log.bulkRequests()).isEqualTo(1);
            assertThat(log.singleAdds()).isZero();
            assertThat(registry.getDevice("mixed-0003").getPrimaryKey()).isEqualTo(existing.getPrimaryKey());
            assertThat(env.twins.get("mixed-0003").getTags()).containsEntry("ring", "hold-back")
                    .doesNotContainKey("model");
            assertThat(env.twins.get("mixed-0004").getTags()).containsEntry("ring", "early")
                    .containsEntry("model", "TX-100");
        }
    }

    @Test
    void aHubWithoutTheBulkRouteGetsSingleAddsAndTheFleetComesOnline() throws Exception {
        var info = env.hub.connectionInfo();
        try (OlderHubProxy olderHub = new OlderHubProxy(info.hostName(), info.serviceEndpoint(), env.dataDir);
             HubRequestLog log = new HubRequestLog()) {
            HubTarget throughProxy = HubTarget.local(info.hostName(), olderHub.endpoint(),
                    info.serviceConnectionString(), info.caCertificatePath());
            try (SimulatedFleet fleet = SimulatedFleet.start(FleetConfig.builder(throughProxy).prefix("older-")
                    .count(3).build())) {
                FleetSummary online = fleet.allOnline().get(120, TimeUnit.SECONDS);

                assertThat(online.online()).isEqualTo(3);
                assertThat(olderHub.bulkRefused()).as("bulk tried once, answered 404").isEqualTo(1);
                assertThat(log.bulkRequests()).isZero();
                assertThat(log.singleAdds()).as("PUT /devices/{id}").isEqualTo(3);
                assertThat(env.twins.get("older-0002").getTags()).containsEntry("model", "TX-200");
            }
        }
    }
}
