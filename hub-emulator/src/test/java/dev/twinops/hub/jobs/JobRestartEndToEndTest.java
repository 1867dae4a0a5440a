package dev.twinops.hub.jobs;

import com.azure.core.credential.AzureSasCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.jobs.DirectMethodsJobOptions;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobStatus;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.testing.LoopbackAddresses;
import dev.twinops.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Jobs and their device rows across a LocalHub restart on the same data directory, through the service SDK. */
class JobRestartEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private final String address = LoopbackAddresses.random();
    private LocalHub hub;
    private ScheduledJobsClient jobs;
    private QueryClient queries;
    private RegistryClient registry;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    private void start() {
        hub = TestHubs.start(dataDir, address);
        AzureSasCredential credential = TestHubs.credential(hub, "iothubowner");
        String endpoint = hub.connectionInfo().serviceEndpoint();
        jobs = new ScheduledJobsClient(endpoint, credential);
        queries = new QueryClient(endpoint, credential);
        registry = new RegistryClient(endpoint, credential);
    }

    @Test
    void finishedScheduledAndRunningJobsSurviveARestart() throws Exception {
        start();
        for (int i = 1; i <= 3; i++) {
            registry.addDevice(new Device("r-" + i));
        }
        Twin update = new Twin();
        update.getDesiredProperties().put("mode", "eco");
        jobs.scheduleUpdateTwin("finished-before", "deviceId = 'r-1'", update, new Date(), 60);
        awaitStatus("finished-before", ScheduledJobStatus.completed);
        jobs.scheduleDirectMethod("tomorrow", "deviceId = 'r-1'", "reboot",
                new Date(System.currentTimeMillis() + 86_400_000L),
                DirectMethodsJobOptions.builder().methodConnectTimeoutSeconds(0).build());
        // the devices are offline and the job gives them 5 minutes to connect: it is running when the hub stops
        jobs.scheduleDirectMethod("waiting", "STARTSWITH(deviceId, 'r-')", "reboot", new Date(),
                DirectMethodsJobOptions.builder().methodConnectTimeoutSeconds(300).methodResponseTimeoutSeconds(30)
                        .maxExecutionTimeSeconds(3600).build());
        await().atMost(WAIT).until(() -> rows("waiting").values().stream()
                .filter(row -> row.path("status").asText().equals("running")).count() == 3);

        hub.close();
        start();

        assertThat(jobs.get("finished-before").getJobStatus()).isEqualTo(ScheduledJobStatus.completed);
        assertThat(rows("finished-before").get("r-1").path("status").asText()).isEqualTo("completed");
        assertThat(jobs.get("tomorrow").getJobStatus()).isEqualTo(ScheduledJobStatus.scheduled);
        ScheduledJob resumed = awaitStatus("waiting", ScheduledJobStatus.completed);
        assertThat(resumed.getJobStatistics().getFailedCount()).isEqualTo(3);
        assertThat(rows("waiting").values()).allSatisfy(row -> {
            assertThat(row.path("status").asText()).isEqualTo("failed");
            assertThat(row.path("error").path("code").asText()).isEqualTo("DeviceOperationInterrupted");
        });
    }

    private ScheduledJob awaitStatus(String jobId, ScheduledJobStatus status) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> jobs.get(jobId), job -> job.getJobStatus() == status);
    }

    private Map<String, JsonNode> rows(String jobId) throws Exception {
        RawQueryResponse response = queries.queryRaw("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = '" + jobId + "'");
        Map<String, JsonNode> rows = new HashMap<>();
        while (response.hasNext()) {
            JsonNode row = JSON.readTree(response.next());
            rows.put(row.path("deviceId").asText(), row);
        }
        return rows;
    }
}
