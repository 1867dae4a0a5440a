package dev.twinops.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.twinops.console.testing.Loopback;
import dev.twinops.simulator.fleet.HubTarget;

class EmbeddedLocalHubTest {

    @TempDir
    Path home;

    @Test
    void whileItRunsATerminalSimulatorFindsTheHubInItsDataDirectory() throws Exception {
        String address = Loopback.randomAddress();
        Path data = home.resolve("local-hub");
        EmbeddedLocalHub hub = new EmbeddedLocalHub(data, address, 8443);
        try {
            LocalHubEndpoint endpoint = hub.start();

            Path file = data.resolve("connection.json");
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            HubTarget target = HubTarget.fromHubDataDirectory(data);
            assertThat(target.hubHostName()).isEqualTo(address);
            assertThat(endpoint.serviceEndpoint()).isEqualTo(address + ":8443");
            assertThat(Files.readString(file)).contains("\"serviceEndpoint\" : \"" + address + ":8443\"");
        } finally {
            hub.close();
        }
        // a stopped hub leaves nothing that looks like a running one
        assertThat(data.resolve("connection.json")).doesNotExist();
    }
}
