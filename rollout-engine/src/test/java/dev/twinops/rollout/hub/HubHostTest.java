package dev.twinops.rollout.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HubHostTest {

    @Test
    void aHubIsItsHostNameWhateverTheCaseOrPort() {
        assertThat(HubHost.same("127.0.0.1:8443", "127.0.0.1")).isTrue(); // the console's endpoint, the CLI's host
        assertThat(HubHost.same("My-Hub.azure-devices.net", "my-hub.azure-devices.net")).isTrue();
        assertThat(HubHost.same("[::1]:8443", "::1")).isTrue();
        assertThat(HubHost.same("127.0.0.2", "127.0.0.1")).isFalse();
        assertThat(HubHost.same("hub-a", "hub-a.azure-devices.net")).isFalse();
        assertThat(HubHost.same(null, "")).isFalse();
        assertThat(HubHost.of(" HUB.example:443 ")).isEqualTo("hub.example");
    }
}
