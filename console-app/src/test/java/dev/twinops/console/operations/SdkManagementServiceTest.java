package dev.twinops.console.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.hubclient.trust.PerHubTrust;
import dev.twinops.console.testing.Loopback;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.LocalHub;

/** The service SDK calls behind the buttons, against the local hub. */
class SdkManagementServiceTest {

    @TempDir
    Path dir;

    @Test
    void whetherTheHubHasAJobIsAskedByItsId() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (LocalHub hub = LocalHub.start(HubConfig.builder().dataDirectory(dir).bindAddress(Loopback.randomAddress())
                .build())) {
            PerHubTrust.jvm().trust(hub.connectionInfo().serviceEndpoint(), hub.connectionInfo().caCertificatePath());
            HubConnection connection = new HubConnector(timer).connectLocal("Local hub",
                    hub.connectionInfo().serviceEndpoint(), hub.connectionInfo().serviceConnectionString());
            SdkManagementService service = new SdkManagementService(connection.methods(), connection.jobs(),
                    connection.queries());

            assertThat(service.jobStatus("reboot-never-scheduled")).isEmpty();
            service.scheduleJob("reboot-20261126-000000-abcdef", "deviceId = 'nobody'", OperationRequest.reboot(),
                    Duration.ofHours(1));
            assertThat(service.jobStatus("reboot-20261126-000000-abcdef")).isPresent();
            connection.close();
        } finally {
            timer.shutdownNow();
        }
    }
}
