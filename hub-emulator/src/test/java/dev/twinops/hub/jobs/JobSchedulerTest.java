package dev.twinops.hub.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.methods.DeviceMethodChannel;
import dev.twinops.hub.methods.DirectMethodRouter;
import dev.twinops.hub.state.DeviceIdentity;
import dev.twinops.hub.state.DeviceStatus;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import dev.twinops.hub.state.HubState;
import dev.twinops.hub.throttle.MutableClock;
import dev.twinops.hub.throttle.RequestThrottle;
import dev.twinops.hub.throttle.ThrottlingPolicy;
import dev.twinops.limits.IotHubTier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.twinops.hub.jobs.JobRequestTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The scheduler over a real HubState and DirectMethodRouter; devices are in-process method channels that answer,
 * stay silent or are absent, so timing-sensitive cases (restart mid-job, time running out) are deterministic.
 */
class JobSchedulerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private HubState state;
    private ScheduledExecutorService timer;
    private DirectMethodRouter router;
    private JobScheduler scheduler;
    /** Devices that never answer a method request. */
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    /** Method status a device answers with; 200 if absent. */
    private final Map<String, Integer> answerStatus = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        stopHub();
    }

    /** The hub's state and method router; jobs start with {@link #startJobs}, once the test's devices are set. */
    private void startHub() {
        state = HubState.open(dataDir);
        timer = Executors.newScheduledThreadPool(1);
        router = new DirectMethodRouter(state, timer);
    }

    private void startJobs(RequestThrottle throttle, int maxInFlight) {
        scheduler = JobScheduler.start(dataDir, state, router, throttle, Clock.systemUTC(), maxInFlight);
    }

    /** In LocalHub's order: jobs first, then pending method calls, then the state. */
    private void stopHub() {
        if (state != null) {
            if (scheduler != null) {
                scheduler.close();
            }
            router.close();
            timer.shutdownNow();
            state.close();
            scheduler = null;
            state = null;
        }
    }

    private void addDevices(String prefix, int count) {
        for (int i = 0; i < count; i++) {
            state.registry().putDevice(new DeviceIdentity(String.format("%s-%02d", prefix, i), null, null, DeviceStatus.ENABLED,
                    null, null, null, null), null).join();
        }
    }

    /** The device is connected and answers method requests (unless silent) with its payload echoed. */
    private void online(String deviceId) {
        DeviceMethodChannel channel = (method, requestId, payload, undeliverable) -> {
            if (!silent.contains(deviceId)) {
                String body = "{\"device\":\"" + deviceId + "\",\"method\":\"" + method + "\",\"request\":"
                        + new String(payload, StandardCharsets.UTF_8) + "}";
                timer.execute(() -> router.responseReceived(deviceId, requestId,
                        answerStatus.getOrDefault(deviceId, 200), body.getBytes(StandardCharsets.UTF_8)));
            }
        };
        router.deviceReady(deviceId, channel);
    }

    private static JobRequest methodJob(String jobId, String condition, int connectTimeout, Instant start, long maxSeconds) {
        return JobRequest.parse(jobId, json("{'type':'scheduleDeviceMethod','queryCondition':'" + condition + "',"
                + "'cloudToDeviceMethod':{'methodName':'reboot','payload':{'delay':1},'responseTimeoutInSeconds':5,"
                + "'connectTimeoutInSeconds':" + connectTimeout + "},'startTime':'" + start + "',"
                + "'maxExecutionTimeInSeconds':" + maxSeconds + "}"), Instant.now());
    }

    private static JobRequest twinJob(String jobId, String condition) {
        return twinJob(jobId, condition, Instant.now());
    }

    private static JobRequest twinJob(String jobId, String condition, Instant start) {
        return JobRequest.parse(jobId, json("{'type':'scheduleUpdateTwin','queryCondition':'" + condition + "',"
                + "'updateTwin':{'etag':'*','tags':{'ring':2},'properties':{'desired':{'interval':30}}},"
                + "'startTime':'" + start + "'}"), Instant.now());
    }

    private ObjectNode job(String jobId) {
        return scheduler.job(jobId).join();
    }

    private Map<String, JsonNode> rows(String jobId) {
        return scheduler.deviceJobRows().stream().filter(r -> r.path("jobId").asText().equals(jobId))
                .collect(Collectors.toMap(r -> r.path("deviceId").asText(), r -> r));
    }

    private void awaitStatus(String jobId, String status) {
        await().atMost(WAIT).until(() -> job(jobId).path("status").asText().equals(status));
    }

    @Test
    void methodJobRecordsAnswersAndFailsOfflineDevicesWith404103() {
        startHub();
        startJobs(RequestThrottle.unlimited(), JobScheduler.DEFAULT_MAX_IN_FLIGHT);
        addDevices("pump", 8);
        for (int i = 0; i < 6; i++) {
            online(String.format("pump-%02d", i));
        }
        answerStatus.put("pump-05", 500);

        ObjectNode created = scheduler.schedule(methodJob("reboot-pumps", "STARTSWITH(deviceId, `pump-`)", 0,
                Instant.now(), 60)).join();
        assertThat(created.path("status").asText()).isIn("queued", "running");
        assertThat(created.has("endTime")).isFalse();

        awaitStatus("reboot-pumps", "completed");
        JsonNode stats = job("reboot-pumps").path("deviceJobStatistics");
        assertThat(stats).isEqualTo(json("{'deviceCount':8,'failedCount':2,'succeededCount':6,'runningCount':0,'pendingCount':0}"));

        Map<String, JsonNode> rows = rows("reboot-pumps");
        assertThat(rows).hasSize(8);
        JsonNode answered = rows.get("pump-00");
        assertThat(answered.path("status").asText()).isEqualTo("completed");
        assertThat(answered.path("jobType").asText()).isEqualTo("scheduleDeviceMethod");
        assertThat(answered.path("outcome").path("deviceMethodResponse")).isEqualTo(json(
                "{'status':200,'payload':{'device':'pump-00','method':'reboot','request':{'delay':1}}}"));
        assertThat(answered.has("error")).isFalse();
        assertThat(rows.get("pump-05").path("outcome").path("deviceMethodResponse").path("status").asInt()).isEqualTo(500);
        JsonNode offline = rows.get("pump-07");
        assertThat(offline.path("status").asText()).isEqualTo("failed");
        assertThat(offline.has("outcome")).isFalse();
        assertThat(offline.path("error").path("code").asText()).isEqualTo("DeviceNotOnline");
        assertThat(offline.path("error").path("description").asText()).contains("404103");
        for (JsonNode row : rows.values()) {
            assertThat(row.has("startTimeUtc") && row.has("endTimeUtc") && row.has("createdDateTimeUtc")
                    && row.has("lastUpdatedDateTimeUtc")).as(row.toString()).isTrue();
        }
    }

    @Test
    void aConnectTimeoutLetsAnOfflineDeviceConnectAndAnswer() {
        startHub();
        startJobs(RequestThrottle.unlimited(), JobScheduler.DEFAULT_MAX_IN_FLIGHT);
        addDevices("late", 1);
        scheduler.schedule(methodJob("wait-for-it", "deviceId = `late-00`", 60, Instant.now(), 120)).join();
        await().atMost(WAIT).until(() -> "running".equals(rows("wait-for-it").get("late-00").path("status").asText()));

        online("late-00");

        awaitStatus("wait-for-it", "completed");
        assertThat(rows("wait-for-it").get("late-00").path("outcome").path("deviceMethodResponse").path("status").asInt())
                .isEqualTo(200);
    }

    @Test
    void twinUpdateJobPatchesEveryMatchingTwin() {
        startHub();
        startJobs(RequestThrottle.unlimited(), JobScheduler.DEFAULT_MAX_IN_FLIGHT);
        addDevices("valve", 5);
        addDevices("other", 2);

        scheduler.schedule(twinJob("ring-2", "STARTSWITH(deviceId, `valve-`)")).join();

        awaitStatus("ring-2", "completed");
        assertThat(job("ring-2").path("deviceJobStatistics").path("succeededCount").asInt()).isEqualTo(5);
        assertThat(job("ring-2").path("updateTwin").path("tags")).isEqualTo(json("{'ring':2}"));
        for (int i = 0; i < 5; i++) {
            ObjectNode twin = state.serviceTwin("valve-0" + i);
            assertThat(twin.path("tags").path("ring").asInt()).isEqualTo(2);
            assertThat(twin.path("properties").path("desired").path("interval").asInt()).isEqualTo(30);
        }
        assertThat(state.serviceTwin("other-00").path("tags").has("ring")).isFalse();
        assertThat(rows("ring-2").values()).allSatisfy(row -> {
            assertThat(row.path("status").asText()).isEqualTo("completed");
            assertThat(row.path("jobType").asText()).isEqualTo("scheduleUpdateTwin");
            assertThat(row.has("outcome")).isFalse();
        });
    }

    @Test
    void aJobRunningAtShutdownResumesAfterARestart() {
        startHub();
        startJobs(RequestThrottle.unlimited(), 1);
        addDevices("fw", 10);
        for (int i = 0; i < 10; i++) {
            online(String.format("fw-%02d", i));
        }
        silent.add("fw-03"); // one at a time: fw-00..02 answer, fw-03 is under way at shutdown, the rest wait

        scheduler.schedule(methodJob("update-fw", "STARTSWITH(deviceId, `fw-`)", 0, Instant.now(), 600)).join();
        await().atMost(WAIT).until(() -> "running".equals(rows("update-fw").get("fw-03").path("status").asText()));
        stopHub();

        silent.clear();
        startHub();
        for (int i = 0; i < 10; i++) {
            online(String.format("fw-%02d", i));
        }
        startJobs(RequestThrottle.unlimited(), 1);

        awaitStatus("update-fw", "completed");
        assertThat(job("update-fw").path("deviceJobStatistics"))
                .isEqualTo(json("{'deviceCount':10,'failedCount':1,'succeededCount':9,'runningCount':0,'pendingCount':0}"));
        JsonNode interrupted = rows("update-fw").get("fw-03");
        assertThat(interrupted.path("status").asText()).isEqualTo("failed");
        assertThat(interrupted.path("error").path("code").asText()).isEqualTo("DeviceOperationInterrupted");
        assertThat(rows("update-fw").get("fw-09").path("status").asText()).isEqualTo("completed");
        assertThat(Files.exists(dataDir.resolve(JobDatabase.FILE_NAME))).isTrue();
    }

    @Test
    void throttledTwinJobIsPacedAndItsRemainingDevicesRunAfterARestart() {
        // S1 allows 10 job device operations per second; a clock that never moves never frees another permit
        MutableClock frozen = new MutableClock(Instant.now());
        startHub();
        startJobs(new RequestThrottle(ThrottlingPolicy.of(IotHubTier.S1, 1).withClock(frozen)), 100);
        addDevices("meter", 25);

        scheduler.schedule(twinJob("paced", "STARTSWITH(deviceId, `meter-`)")).join();
        await().atMost(WAIT).until(() -> job("paced").path("deviceJobStatistics").path("succeededCount").asInt() == 10);
        assertThat(job("paced").path("status").asText()).isEqualTo("running");
        assertThat(job("paced").path("deviceJobStatistics").path("pendingCount").asInt()).isEqualTo(15);
        stopHub();

        startHub();
        startJobs(RequestThrottle.unlimited(), 100);
        awaitStatus("paced", "completed");
        assertThat(job("paced").path("deviceJobStatistics").path("succeededCount").asInt()).isEqualTo(25);
        assertThat(state.serviceTwin("meter-24").path("tags").path("ring").asInt()).isEqualTo(2);
    }

    @Test
    void aJobOutOfTimeFailsAndItsDevicesNotStartedFail() {
        startHub();
        startJobs(RequestThrottle.unlimited(), 1);
        addDevices("slow", 4);
        for (int i = 0; i < 4; i++) {
            online(String.format("slow-%02d", i));
            silent.add(String.format("slow-%02d", i));
        }

        scheduler.schedule(methodJob("too-slow", "STARTSWITH(deviceId, `slow-`)", 0, Instant.now(), 1)).join();

        awaitStatus("too-slow", "failed");
        ObjectNode failed = job("too-slow");
        assertThat(failed.path("failureReason").asText()).contains("maximum execution time of 1 s", "3 devices were not run");
        assertThat(failed.has("endTime")).isTrue();
        assertThat(rows("too-slow").get("slow-02").path("error").path("code").asText()).isEqualTo("JobRunPreconditionFailed");
        // the call under way ends with the method's own response timeout (5 s)
        await().atMost(WAIT).until(() -> "GatewayTimeout".equals(
                rows("too-slow").get("slow-00").path("error").path("code").asText()));
        assertThat(job("too-slow").path("deviceJobStatistics").path("failedCount").asInt()).isEqualTo(4);
    }

    @Test
    void cancelStopsDevicesNotYetStartedAndAScheduledJobBeforeItStarts() {
        startHub();
        startJobs(RequestThrottle.unlimited(), 1);
        addDevices("c", 5);
        for (int i = 0; i < 5; i++) {
            online(String.format("c-%02d", i));
        }
        silent.add("c-01");

        scheduler.schedule(methodJob("cancel-me", "STARTSWITH(deviceId, `c-`)", 0, Instant.now(), 600)).join();
        await().atMost(WAIT).until(() -> "running".equals(rows("cancel-me").get("c-01").path("status").asText()));
        ObjectNode cancelled = scheduler.cancel("cancel-me").join();
        assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.path("deviceJobStatistics"))
                .isEqualTo(json("{'deviceCount':5,'failedCount':0,'succeededCount':1,'runningCount':1,'pendingCount':0}"));
        assertThat(rows("cancel-me").get("c-04").path("status").asText()).isEqualTo("cancelled");

        scheduler.schedule(methodJob("later", "deviceId = `c-00`", 0, Instant.now().plusSeconds(3600), 600)).join();
        assertThat(job("later").path("status").asText()).isEqualTo("scheduled");
        assertThat(scheduler.cancel("later").join().path("status").asText()).isEqualTo("cancelled");
        assertThat(rows("later")).isEmpty();
        // cancelling again changes nothing
        assertThat(scheduler.cancel("later").join().path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void aJobIsNeitherSeenNorStartedNorCancelledBeforeItIsStored() throws Exception {
        startHub();
        startJobs(RequestThrottle.unlimited(), 10);
        addDevices("v", 1);
        CountDownLatch stored = new CountDownLatch(1);
        CompletableFuture<Object> holdTheStore = scheduler.store().writer().submit(tx -> stored.await(20, TimeUnit.SECONDS));

        CompletableFuture<ObjectNode> created = scheduler.schedule(
                methodJob("slow-to-store", "deviceId = `v-00`", 0, Instant.now().plusSeconds(600), 60));

        assertRefused(scheduler.job("slow-to-store"), HubError.JOB_NOT_FOUND, "could not be found");
        assertThat(scheduler.jobs(null, null).join()).isEmpty();
        assertRefused(scheduler.schedule(methodJob("slow-to-store", "deviceId = `v-00`", 0, Instant.now(), 60)),
                HubError.JOB_ALREADY_EXISTS, "already exists");
        assertThat(created).isNotDone();
        stored.countDown();
        holdTheStore.join();
        assertThat(created.join().path("status").asText()).isEqualTo("scheduled");
        assertThat(job("slow-to-store").path("status").asText()).isEqualTo("scheduled");

        CountDownLatch cancelStored = new CountDownLatch(1);
        CompletableFuture<Object> holdAgain = scheduler.store().writer().submit(tx -> cancelStored.await(20, TimeUnit.SECONDS));
        CompletableFuture<ObjectNode> cancelled = scheduler.cancel("slow-to-store");
        assertThat(job("slow-to-store").path("status").asText()).as("not cancelled before it is stored")
                .isEqualTo("scheduled");
        cancelStored.countDown();
        holdAgain.join();
        assertThat(cancelled.join().path("status").asText()).isEqualTo("cancelled");
        assertThat(job("slow-to-store").path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void aCancellationTheStoreRefusesLeavesTheJobGoingOnInMemoryAndOnDisk() throws Exception {
        startHub();
        startJobs(RequestThrottle.unlimited(), 1);
        addDevices("f", 3);
        for (int i = 0; i < 3; i++) {
            online(String.format("f-%02d", i));
        }
        silent.add("f-00");
        scheduler.schedule(methodJob("uncancellable", "STARTSWITH(deviceId, `f-`)", 0, Instant.now(), 600)).join();
        await().atMost(WAIT).until(() -> "running".equals(rows("uncancellable").get("f-00").path("status").asText()));
        // the store refuses to record a cancelled job, as a full disk would
        scheduler.store().writer().submit(tx -> {
            try (Statement statement = tx.connection().createStatement()) {
                return statement.execute("CREATE TRIGGER refuse_cancel BEFORE INSERT ON jobs"
                        + " WHEN NEW.status = 'cancelled' BEGIN SELECT RAISE(ABORT, 'no space left'); END");
            }
        }).join();

        assertRefused(scheduler.cancel("uncancellable"), HubError.SERVER_ERROR, "could not be stored");

        assertThat(job("uncancellable").path("status").asText()).isEqualTo("running");
        assertThat(rows("uncancellable").get("f-02").path("status").asText()).isEqualTo("queued");
        // it goes on: the silent device times out (5 s), the others get their turn
        awaitStatus("uncancellable", "completed");
        assertThat(job("uncancellable").path("deviceJobStatistics").path("succeededCount").asInt()).isEqualTo(2);
        stopHub();
        startHub();
        startJobs(RequestThrottle.unlimited(), 1);
        assertThat(job("uncancellable").path("status").asText()).as("the disk says the same").isEqualTo("completed");
    }

    @Test
    void aScheduledJobSurvivesARestartAndStartsOnTime() {
        startHub();
        startJobs(RequestThrottle.unlimited(), 10);
        addDevices("s", 2);
        Instant start = Instant.now().plusSeconds(3);
        scheduler.schedule(twinJob("at-three", "STARTSWITH(deviceId, `s-`)", start)).join();
        assertThat(job("at-three").path("status").asText()).isEqualTo("scheduled");
        stopHub();

        startHub();
        startJobs(RequestThrottle.unlimited(), 10);
        assertThat(job("at-three").path("status").asText()).isEqualTo("scheduled");
        awaitStatus("at-three", "completed");
        assertThat(state.serviceTwin("s-01").path("tags").path("ring").asInt()).isEqualTo(2);
        assertThat(rows("at-three").get("s-00").path("startTimeUtc").asText()).isGreaterThanOrEqualTo(start.toString().substring(0, 19));
    }

    @Test
    void duplicateIdsAndTooManyActiveJobsAreRefused() {
        MutableClock clock = new MutableClock(Instant.now());
        startHub();
        startJobs(new RequestThrottle(ThrottlingPolicy.of(IotHubTier.S1, 1).withClock(clock)), 10);
        addDevices("d", 1);
        scheduler.schedule(methodJob("first", "deviceId = `d-00`", 0, Instant.now().plusSeconds(600), 60)).join();

        assertRefused(scheduler.schedule(methodJob("first", "deviceId = `d-00`", 0, Instant.now(), 60)),
                HubError.JOB_ALREADY_EXISTS, "already exists");
        assertRefused(scheduler.schedule(methodJob("second", "deviceId = `d-00`", 0, Instant.now(), 60)),
                HubError.THROTTLED, "allows 1 active job");
        scheduler.cancel("first").join();
        scheduler.schedule(methodJob("second", "deviceId = `d-00`", 0, Instant.now(), 60)).join();
        assertRefused(scheduler.job("nope"), HubError.JOB_NOT_FOUND, "could not be found");
    }

    @Test
    void listsJobsByTypeAndStatus() {
        startHub();
        startJobs(RequestThrottle.unlimited(), 10);
        addDevices("l", 1);
        scheduler.schedule(twinJob("twin-1", "deviceId = `l-00`")).join();
        scheduler.schedule(methodJob("method-1", "deviceId = `l-00`", 0, Instant.now().plusSeconds(600), 60)).join();
        awaitStatus("twin-1", "completed");

        assertThat(ids(scheduler.jobs(null, null).join())).containsExactly("twin-1", "method-1");
        assertThat(ids(scheduler.jobs(JobType.SCHEDULE_DEVICE_METHOD, null).join())).containsExactly("method-1");
        assertThat(ids(scheduler.jobs(null, JobStatus.COMPLETED).join())).containsExactly("twin-1");
        assertThat(ids(scheduler.jobs(JobType.SCHEDULE_UPDATE_TWIN, JobStatus.SCHEDULED).join())).isEmpty();
    }

    @Test
    void aConditionMatchingNoDeviceCompletesAtOnce() {
        startHub();
        startJobs(RequestThrottle.unlimited(), 10);
        scheduler.schedule(twinJob("nobody", "tags.site = `atlantis`")).join();
        awaitStatus("nobody", "completed");
        assertThat(job("nobody").path("deviceJobStatistics").path("deviceCount").asInt()).isZero();
    }

    private static List<String> ids(List<ObjectNode> jobs) {
        return jobs.stream().map(j -> j.path("jobId").asText()).toList();
    }

    private static void assertRefused(CompletableFuture<?> future, HubError error, String message) {
        assertThatThrownBy(future::join).isInstanceOf(CompletionException.class)
                .satisfies(e -> {
                    Throwable cause = e.getCause();
                    assertThat(cause).isInstanceOf(HubException.class).hasMessageContaining(message);
                    assertThat(((HubException) cause).error()).isEqualTo(error);
                });
    }
}
