package dev.twinops.console.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.twinops.hubclient.trust.PerHubTrust;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.hub.LocalHub;

/**
 * The seeder trusts its hub the way the console does, for the hub's address only: a test that seeds a hub leaves the
 * console's per-hub trust in place for the tests after it.
 */
class FleetSeederTest {

    @TempDir
    Path dir;

    @Test
    void seedingAHubKeepsThePerHubTrustInstalledAndTrustsThatHubsAddressOnly() throws Exception {
        String address = Loopback.randomAddress();
        try (LocalHub hub = LocalHub.start(HubConfig.builder().dataDirectory(dir).bindAddress(address).build())) {
            HubConnectionInfo info = hub.connectionInfo();

            FleetSeeder seeder = new FleetSeeder(info);
            seeder.seed("seeded", 0, 3, 1);

            assertThat(seeder.registry().getDevice(FleetSeeder.deviceId("seeded", 2)).getDeviceId())
                    .isEqualTo(FleetSeeder.deviceId("seeded", 2));
            assertThat(PerHubTrust.jvm().installed()).as("the per-hub trust is still the JVM's").isTrue();
            assertThat(PerHubTrust.jvm().trusts(info.serviceEndpoint())).isTrue();
            assertThat(PerHubTrust.jvm().trusts(Loopback.randomAddress() + ":8443")).isFalse();
        }
    }
}
