package dev.twinops.hub.jobs;

import com.azure.core.credential.AzureSasCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.jobs.DirectMethodsJobOptions;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobStatus;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobType;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.query.JobQueryResponse;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.auth.SasToken;
import dev.twinops.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Scheduled jobs through the official service SDK ({@code ScheduledJobsClient}, {@code QueryClient.queryRaw} for the
 * {@code devices.jobs} rows) against a LocalHub on a random loopback address, with devices on the official
 * device SDK answering direct methods.
 */
class ScheduledJobsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static LocalHub hub;
    static AzureSasCredential credential;
    static RegistryClient registry;
    static TwinClient twins;
    static QueryClient queries;
    static ScheduledJobsClient jobs;
    static final List<DeviceClient> devices = new ArrayList<>();

    @BeforeAll
    static void startHub() {
        hub = TestHubs.start(dataDir);
        credential = TestHubs.credential(hub, "iothubowner");
        String endpoint = hub.connectionInfo().serviceEndpoint();
        registry = new RegistryClient(endpoint, credential);
        twins = new TwinClient(endpoint, credential);
        queries = new QueryClient(endpoint, credential);
        jobs = new ScheduledJobsClient(endpoint, credential);
    }

    @AfterAll
    static void stopHub() throws Exception {
        for (DeviceClient device : devices) {
            device.close();
        }
        hub.close();
    }

    @Test
    void methodJobOverFiftyDevicesSomeOffline() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(String.format("m-%02d", i));
            registry.addDevice(new Device(ids.get(i)));
        }
        // 40 devices online (m-38 and m-39 answer 503), 10 offline
        openDevices(ids.subList(0, 40));

        ScheduledJob created = jobs.scheduleDirectMethod("reboot-fleet", "STARTSWITH(deviceId, 'm-')", "reboot",
                new Date(), DirectMethodsJobOptions.builder()
                        .payload(Map.of("delaySeconds", 1))
                        .methodResponseTimeoutSeconds(30)
                        .methodConnectTimeoutSeconds(0)
                        .maxExecutionTimeSeconds(300)
                        .build());
        assertThat(created.getJobId()).isEqualTo("reboot-fleet");
        assertThat(created.getJobType()).isEqualTo(ScheduledJobType.scheduleDeviceMethod);
        assertThat(created.getJobStatus()).isIn(ScheduledJobStatus.queued, ScheduledJobStatus.running);
        assertThat(created.getQueryCondition()).isEqualTo("STARTSWITH(deviceId, 'm-')");
        assertThat(JsonParser.parseString(created.getCloudToDeviceMethod()).getAsJsonObject().get("methodName")
                .getAsString()).isEqualTo("reboot");

        ScheduledJob done = awaitStatus("reboot-fleet", ScheduledJobStatus.completed);
        assertThat(done.getJobStatistics().getDeviceCount()).isEqualTo(50);
        assertThat(done.getJobStatistics().getSucceededCount()).isEqualTo(40);
        assertThat(done.getJobStatistics().getFailedCount()).isEqualTo(10);
        assertThat(done.getJobStatistics().getRunningCount()).isZero();
        assertThat(done.getJobStatistics().getPendingCount()).isZero();
        assertThat(done.getEndTime()).isNotNull();
        assertThat(done.getCreatedTime()).isNotNull();

        Map<String, JsonNode> rows = deviceJobRows("reboot-fleet");
        assertThat(rows).hasSize(50);
        JsonNode answered = rows.get("m-07");
        assertThat(answered.path("status").asText()).isEqualTo("completed");
        assertThat(answered.path("jobType").asText()).isEqualTo("scheduleDeviceMethod");
        assertThat(answered.path("outcome").path("deviceMethodResponse").path("status").asInt()).isEqualTo(200);
        assertThat(answered.path("outcome").path("deviceMethodResponse").path("payload"))
                .isEqualTo(JSON.readTree("{\"device\":\"m-07\",\"method\":\"reboot\",\"request\":{\"delaySeconds\":1}}"));
        assertThat(rows.get("m-39").path("outcome").path("deviceMethodResponse").path("status").asInt()).isEqualTo(503);
        JsonNode offline = rows.get("m-45");
        assertThat(offline.path("status").asText()).isEqualTo("failed");
        assertThat(offline.path("error").path("code").asText()).isEqualTo("DeviceNotOnline");
        assertThat(offline.path("error").path("description").asText()).contains("404103");
        assertThat(rows.values()).allSatisfy(row -> assertThat(row.has("endTimeUtc")).isTrue());

        // the job list, as the SDK parses it
        JobQueryResponse list = jobs.query(ScheduledJobType.scheduleDeviceMethod, ScheduledJobStatus.completed);
        List<String> listed = new ArrayList<>();
        while (list.hasNext()) {
            listed.add(list.next().getJobId());
        }
        assertThat(listed).contains("reboot-fleet");
    }

    @Test
    void twinUpdateJobPatchesTheTwinsTheConditionSelects() throws Exception {
        for (int i = 0; i < 5; i++) {
            registry.addDevice(new Device("t-" + i));
            if (i < 3) {
                Twin twin = twins.get("t-" + i);
                twin.getTags().put("site", "plant-7");
                twins.patch(twin);
            }
        }
        Twin update = new Twin();
        update.getTags().put("ring", 2);
        update.getDesiredProperties().put("telemetryInterval", 30);

        ScheduledJob created = jobs.scheduleUpdateTwin("ring-two", "tags.site = 'plant-7'", update, new Date(), 120);
        assertThat(created.getJobType()).isEqualTo(ScheduledJobType.scheduleUpdateTwin);
        assertThat(created.getUpdateTwin().getDesiredProperties().get("telemetryInterval")).isNotNull();

        ScheduledJob done = awaitStatus("ring-two", ScheduledJobStatus.completed);
        assertThat(done.getJobStatistics().getDeviceCount()).isEqualTo(3);
        assertThat(done.getJobStatistics().getSucceededCount()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            Twin twin = twins.get("t-" + i);
            assertThat(((Number) twin.getTags().get("ring")).intValue()).isEqualTo(2);
            assertThat(((Number) twin.getDesiredProperties().get("telemetryInterval")).intValue()).isEqualTo(30);
            assertThat(twin.getTags().get("site")).isEqualTo("plant-7");
        }
        assertThat(twins.get("t-4").getTags().get("ring")).isNull();
        assertThat(deviceJobRows("ring-two").values()).allSatisfy(row -> {
            assertThat(row.path("status").asText()).isEqualTo("completed");
            assertThat(row.path("jobType").asText()).isEqualTo("scheduleUpdateTwin");
        });
    }

    @Test
    void aJobWithAFutureStartTimeWaitsForIt() throws Exception {
        registry.addDevice(new Device("later-1"));
        openDevices(List.of("later-1"));
        Date start = new Date(System.currentTimeMillis() + 3000);

        ScheduledJob created = jobs.scheduleDirectMethod("in-three-seconds", "deviceId = 'later-1'", "ping", start,
                DirectMethodsJobOptions.builder().methodConnectTimeoutSeconds(0).build());
        assertThat(created.getJobStatus()).isEqualTo(ScheduledJobStatus.scheduled);
        assertThat(deviceJobRows("in-three-seconds")).isEmpty();

        awaitStatus("in-three-seconds", ScheduledJobStatus.completed);
        JsonNode row = deviceJobRows("in-three-seconds").get("later-1");
        assertThat(parseTime(row.path("startTimeUtc").asText())).isAfterOrEqualTo(start.toInstant().minusMillis(1));
        assertThat(row.path("outcome").path("deviceMethodResponse").path("status").asInt()).isEqualTo(200);
    }

    @Test
    void cancellingAScheduledJobStopsIt() throws Exception {
        registry.addDevice(new Device("c-1"));
        jobs.scheduleDirectMethod("next-hour", "deviceId = 'c-1'", "reboot", new Date(System.currentTimeMillis() + 3_600_000),
                DirectMethodsJobOptions.builder().methodConnectTimeoutSeconds(0).build());

        ScheduledJob cancelled = jobs.cancel("next-hour");
        assertThat(cancelled.getJobStatus()).isEqualTo(ScheduledJobStatus.cancelled);
        assertThat(jobs.get("next-hour").getJobStatus()).isEqualTo(ScheduledJobStatus.cancelled);
        assertThat(jobs.get("next-hour").getEndTime()).isNotNull();
        assertThat(deviceJobRows("next-hour")).isEmpty();
    }

    @Test
    void theJobListIsPagedAsTheSdkExpects() throws Exception {
        registry.addDevice(new Device("p-1"));
        for (int i = 1; i <= 5; i++) {
            Twin update = new Twin();
            update.getTags().put("page", i);
            jobs.scheduleUpdateTwin("paged-" + i, "deviceId = 'p-1'", update, new Date(), 60);
            awaitStatus("paged-" + i, ScheduledJobStatus.completed);
        }

        JobQueryResponse list = jobs.query(ScheduledJobType.scheduleUpdateTwin, ScheduledJobStatus.completed,
                QueryPageOptions.builder().pageSize(2).build());
        assertThat(list.getContinuationToken()).isNotNull();
        List<String> listed = new ArrayList<>();
        while (list.hasNext()) {
            listed.add(list.next(QueryPageOptions.builder().pageSize(2).build()).getJobId());
        }
        assertThat(listed).doesNotHaveDuplicates()
                .containsSubsequence("paged-1", "paged-2", "paged-3", "paged-4", "paged-5");
        assertThat(listed.stream().filter(id -> id.startsWith("paged-"))).hasSize(5);

        // the wire shape IoT Hub serves and every SDK reads: a bare array of jobs, x-ms-item-type JobResponse (the
        // .NET SDK parses it case-sensitively), x-ms-continuation only while more follow
        HttpResponse<String> first = listJobsRaw("scheduleUpdateTwin", "completed", 2, null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/json"));
        assertThat(first.headers().firstValue("x-ms-item-type")).hasValue("JobResponse");
        JsonNode page = JSON.readTree(first.body());
        assertThat(page.isArray()).isTrue();
        assertThat(page).hasSize(2).allSatisfy(job -> {
            assertThat(job.path("type").asText()).isEqualTo("scheduleUpdateTwin");
            assertThat(job.path("status").asText()).isEqualTo("completed");
        });
        String token = first.headers().firstValue("x-ms-continuation").orElseThrow();
        List<String> rawIds = new ArrayList<>();
        page.forEach(job -> rawIds.add(job.path("jobId").asText()));
        HttpResponse<String> rest = listJobsRaw("scheduleUpdateTwin", "completed", 1000, token);
        assertThat(rest.headers().firstValue("x-ms-item-type")).hasValue("JobResponse");
        assertThat(rest.headers().firstValue("x-ms-continuation")).isEmpty();
        JSON.readTree(rest.body()).forEach(job -> rawIds.add(job.path("jobId").asText()));
        assertThat(rawIds).containsExactlyInAnyOrderElementsOf(listed);

        // the .NET SDK filters with its enum names; IoT Hub's import/export types list no scheduled job
        HttpResponse<String> dotNet = listJobsRaw("ScheduleUpdateTwin", "Completed", 1000, null);
        List<String> dotNetIds = new ArrayList<>();
        JSON.readTree(dotNet.body()).forEach(job -> dotNetIds.add(job.path("jobId").asText()));
        assertThat(dotNetIds).containsExactlyElementsOf(rawIds);
        HttpResponse<String> exports = listJobsRaw("export", null, 1000, null);
        assertThat(exports.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(exports.body()).isArray()).isTrue();
        assertThat(JSON.readTree(exports.body())).isEmpty();
        assertThat(exports.headers().firstValue("x-ms-item-type")).hasValue("JobResponse");
        HttpResponse<String> bogus = listJobsRaw("reboot", null, 10, null);
        assertThat(bogus.statusCode()).isEqualTo(400);
        assertThat(bogus.body()).contains("400004", "jobType 'reboot' is not a job type");
        assertThat(listJobsRaw(null, "completed", 0, null).statusCode()).isEqualTo(400);
        assertThat(listJobsRaw(null, "completed", 10, "not-a-token").statusCode()).isEqualTo(400);

        // without filters and page size: every job, up to the default page of 100, oldest first
        HttpResponse<String> all = listJobsRaw(null, null, -1, null);
        List<String> allIds = new ArrayList<>();
        JSON.readTree(all.body()).forEach(job -> allIds.add(job.path("jobId").asText()));
        assertThat(allIds).containsSubsequence("paged-1", "paged-2", "paged-3", "paged-4", "paged-5");
    }

    /**
     * {@code GET /jobs/v2/query} over plain HTTPS, as a client without the Java SDK sends it; a null filter is left
     * out, a negative page size sends no x-ms-max-item-count.
     */
    private static HttpResponse<String> listJobsRaw(String type, String status, int pageSize, String continuation)
            throws Exception {
        String cs = hub.connectionInfo().serviceConnectionString();
        String key = cs.substring(cs.indexOf("SharedAccessKey=") + "SharedAccessKey=".length());
        String sas = SasToken.create(URLEncoder.encode(hub.connectionInfo().hostName(), StandardCharsets.UTF_8), key,
                "iothubowner", Instant.now().plusSeconds(3600));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://"
                        + hub.connectionInfo().serviceEndpoint() + "/jobs/v2/query?api-version=2021-04-12"
                        + (type == null ? "" : "&jobType=" + type) + (status == null ? "" : "&jobStatus=" + status)))
                .timeout(Duration.ofSeconds(20)).GET()
                .header("Authorization", sas);
        if (pageSize >= 0) {
            request.header("x-ms-max-item-count", Integer.toString(pageSize));
        }
        if (continuation != null) {
            request.header("x-ms-continuation", continuation);
        }
        HttpClient http = HttpClient.newBuilder().sslContext(SSLContext.getDefault()).build();
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void invalidJobRequestsAreRefusedWithIotHubErrors() throws Exception {
        registry.addDevice(new Device("v-1"));
        DirectMethodsJobOptions options = DirectMethodsJobOptions.builder().methodConnectTimeoutSeconds(0).build();

        assertThatThrownBy(() -> jobs.scheduleDirectMethod("x".repeat(65), "deviceId = 'v-1'", "reboot", new Date(), options))
                .isInstanceOf(IotHubBadFormatException.class).hasMessageContaining("at most 64");
        assertThatThrownBy(() -> jobs.scheduleDirectMethod("bad-condition", "tags.site = ", "reboot", new Date(), options))
                .isInstanceOf(IotHubBadFormatException.class).hasMessageContaining("Syntax error at position");
        assertThatThrownBy(() -> jobs.scheduleDirectMethod("bad-timeout", "deviceId = 'v-1'", "reboot", new Date(),
                DirectMethodsJobOptions.builder().methodResponseTimeoutSeconds(301).build()))
                .isInstanceOf(IotHubBadFormatException.class).hasMessageContaining("between 5 and 300");

        jobs.scheduleDirectMethod("only-once", "deviceId = 'v-1'", "reboot", new Date(), options);
        assertThatThrownBy(() -> jobs.scheduleDirectMethod("only-once", "deviceId = 'v-1'", "reboot", new Date(), options))
                .isInstanceOf(IotHubConflictException.class).hasMessageContaining("already exists");
        assertThatThrownBy(() -> jobs.get("never-created")).isInstanceOf(IotHubNotFoundException.class)
                .satisfies(e -> assertThat(((IotHubException) e).getErrorCode()).isEqualTo(404002));

        // the SDK refuses a missing method name itself; a raw request gets IoT Hub's error body
        HttpsURLConnection put = (HttpsURLConnection) new URL("https://" + hub.connectionInfo().serviceEndpoint()
                + "/jobs/v2/no-method?api-version=2021-04-12").openConnection();
        put.setRequestMethod("PUT");
        put.setRequestProperty("Authorization", credential.getSignature());
        put.setRequestProperty("Content-Type", "application/json; charset=utf-8");
        put.setDoOutput(true);
        try (OutputStream out = put.getOutputStream()) {
            out.write("{\"jobId\":\"no-method\",\"type\":\"scheduleDeviceMethod\",\"queryCondition\":\"deviceId = 'v-1'\",\"cloudToDeviceMethod\":{\"payload\":{}}}"
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(put.getResponseCode()).isEqualTo(400);
        JsonNode error = errorBody(put);
        assertThat(error.path("errorCode").asInt()).isEqualTo(400004);
        assertThat(error.path("message").asText()).contains("methodName' is required");
    }

    private static JsonNode errorBody(HttpsURLConnection connection) throws IOException {
        try (InputStream in = connection.getErrorStream()) {
            JsonNode outer = JSON.readTree(in);
            return JSON.readTree(outer.path("Message").asText());
        }
    }

    private static java.time.Instant parseTime(String iotHubTime) {
        return java.time.Instant.parse(iotHubTime);
    }

    private static ScheduledJob awaitStatus(String jobId, ScheduledJobStatus status) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> jobs.get(jobId), job -> job.getJobStatus() == status);
    }

    /** {@code SELECT * FROM devices.jobs WHERE devices.jobs.jobId = '..'} through queryRaw, by device id. */
    static Map<String, JsonNode> deviceJobRows(String jobId) throws Exception {
        RawQueryResponse response = queries.queryRaw("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = '" + jobId + "'");
        Map<String, JsonNode> rows = new HashMap<>();
        while (response.hasNext()) {
            JsonNode row = JSON.readTree(response.next());
            assertThat(row.path("jobId").asText()).isEqualTo(jobId);
            rows.put(row.path("deviceId").asText(), row);
        }
        return rows;
    }

    /** Opens device SDK clients (a few at a time) that answer every method with 200, or 503 for m-38/m-39. */
    private static void openDevices(List<String> ids) throws Exception {
        ClientOptions options = ClientOptions.builder()
                .sslContext(IotHubSSLContext.getSSLContextFromFile(hub.connectionInfo().caCertificatePath().toString()))
                .build();
        ExecutorService opener = Executors.newFixedThreadPool(8);
        try {
            List<Future<DeviceClient>> opened = new ArrayList<>();
            for (String id : ids) {
                opened.add(opener.submit(() -> {
                    DeviceClient client = new DeviceClient(hub.deviceConnectionString(id), IotHubClientProtocol.MQTT, options);
                    client.open(true);
                    client.subscribeToMethods((method, payload, context) -> new com.microsoft.azure.sdk.iot.device.twin
                            .DirectMethodResponse(id.equals("m-38") || id.equals("m-39") ? 503 : 200,
                            JsonParser.parseString("{\"device\":\"" + id + "\",\"method\":\"" + method + "\",\"request\":"
                                    + payload.getPayloadAsJsonString() + "}")), null);
                    return client;
                }));
            }
            for (Future<DeviceClient> client : opened) {
                synchronized (devices) {
                    devices.add(client.get());
                }
            }
        } finally {
            opener.shutdown();
        }
    }
}
