package dev.twinops.hub.throttle;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException;
import com.microsoft.azure.sdk.iot.service.jobs.DirectMethodsJobOptions;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.TwinQueryResponse;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.testing.LoopbackAddresses;
import dev.twinops.hub.testing.TestHubs;
import dev.twinops.hubclient.trust.PerHubTrust;
import dev.twinops.limits.IotHubTier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A LocalHub configured as an S1 hub refuses what IoT Hub's S1 tier refuses, with 429 / 429001 through the official
 * service SDK, and serves again once the window has passed (a test clock, so no minute is waited).
 */
class ThrottlingEndToEndTest {
    @TempDir
    Path dataDir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private LocalHub hub;
    private AzureSasCredential credential;

    @BeforeEach
    void startS1Hub() throws Exception {
        hub = LocalHub.start(HubConfig.builder()
                .dataDirectory(dataDir)
                .bindAddress(LoopbackAddresses.random())
                .throttling(ThrottlingPolicy.of(IotHubTier.S1, 1).withClock(clock))
                .build());
        PerHubTrust.jvm().trust(hub.connectionInfo().serviceEndpoint(), hub.connectionInfo().caCertificatePath());
        credential = TestHubs.credential(hub, "iothubowner");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void theTwentyFirstQueryInAMinuteIsThrottledUntilTheWindowPasses() throws Exception {
        QueryClient queries = new QueryClient(hub.connectionInfo().serviceEndpoint(), credential);
        new RegistryClient(hub.connectionInfo().serviceEndpoint(), credential).addDevice(new Device("q-1"));

        for (int i = 0; i < 20; i++) {
            TwinQueryResponse page = queries.queryTwins("SELECT * FROM devices");
            assertThat(page.hasNext()).isTrue();
            clock.advance(Duration.ofSeconds(2));
        }
        assertThatThrownBy(() -> queries.queryTwins("SELECT * FROM devices"))
                .isInstanceOfSatisfying(IotHubTooManyRequestsException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(429001);
                    assertThat(e.getMessage()).contains("20 per minute");
                });

        // 60 s after the first query it leaves the window, and one more fits
        clock.advance(Duration.ofSeconds(20));
        assertThat(queries.queryTwins("SELECT * FROM devices").next().getDeviceId()).isEqualTo("q-1");
        assertThatThrownBy(() -> queries.queryRaw("SELECT COUNT() AS n FROM devices"))
                .isInstanceOf(IotHubTooManyRequestsException.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(queries.queryRaw("SELECT COUNT() AS n FROM devices").next()).contains("\"n\":1");
    }

    @Test
    void twinReadsAboveOneHundredPerSecondAreThrottled() throws Exception {
        new RegistryClient(hub.connectionInfo().serviceEndpoint(), credential).addDevice(new Device("r-1"));
        TwinClient twins = new TwinClient(hub.connectionInfo().serviceEndpoint(), credential);
        for (int i = 0; i < 100; i++) {
            twins.get("r-1");
        }
        assertThatThrownBy(() -> twins.get("r-1")).isInstanceOf(IotHubTooManyRequestsException.class)
                .hasMessageContaining("twin reads");
        clock.advance(Duration.ofSeconds(1));
        assertThat(twins.get("r-1").getDeviceId()).isEqualTo("r-1");
    }

    @Test
    void anS1HubRunsOneJobAtATime() throws Exception {
        new RegistryClient(hub.connectionInfo().serviceEndpoint(), credential).addDevice(new Device("j-1"));
        ScheduledJobsClient jobs = new ScheduledJobsClient(hub.connectionInfo().serviceEndpoint(), credential);
        DirectMethodsJobOptions options = DirectMethodsJobOptions.builder().methodConnectTimeoutSeconds(0).build();
        jobs.scheduleDirectMethod("first", "deviceId = 'j-1'", "reboot", new Date(System.currentTimeMillis() + 3_600_000L), options);

        assertThatThrownBy(() -> jobs.scheduleDirectMethod("second", "deviceId = 'j-1'", "reboot", new Date(), options))
                .isInstanceOfSatisfying(IotHubTooManyRequestsException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(429001);
                    assertThat(e.getMessage()).contains("allows 1 active job");
                });
        jobs.cancel("first");
        assertThat(jobs.scheduleDirectMethod("second", "deviceId = 'j-1'", "reboot", new Date(), options).getJobId())
                .isEqualTo("second");
    }
}
