package dev.twinops.hub.methods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.twinops.hub.state.DeviceIdentity;
import dev.twinops.hub.state.DeviceStatus;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import dev.twinops.hub.state.HubState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The router alone, with a recording stand-in for the device connection and the real state. */
class DirectMethodRouterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private HubState state;
    private ScheduledExecutorService timer;
    private DirectMethodRouter router;

    @BeforeEach
    void setUp() {
        state = HubState.open(dataDir);
        state.registry().putDevice(new DeviceIdentity("d1", null, null, DeviceStatus.ENABLED, null, null, null, null), null).join();
        state.registry().putDevice(new DeviceIdentity("d2", null, null, DeviceStatus.ENABLED, null, null, null, null), null).join();
        timer = Executors.newSingleThreadScheduledExecutor();
        router = new DirectMethodRouter(state, timer);
    }

    @AfterEach
    void tearDown() {
        router.close();
        timer.shutdownNow();
        state.close();
    }

    @Test
    void unknownDeviceFailsWithDeviceNotFound() {
        assertFailure(router.invoke("nope", "m", null, 5, 0), HubError.DEVICE_NOT_FOUND);
    }

    @Test
    void offlineDeviceWithoutConnectTimeoutFailsAtOnce() {
        assertFailure(router.invoke("d1", "m", null, 5, 0), HubError.DEVICE_NOT_ONLINE);
    }

    @Test
    void deliversToAReadyDeviceAndCompletesWithItsAnswer() throws Exception {
        RecordingChannel device = new RecordingChannel();
        router.deviceReady("d1", device);

        CompletableFuture<DirectMethodResult> call = router.invoke("d1", "reboot", JSON.readTree("{\"delay\":3}"), 5, 0);

        assertThat(device.requests).hasSize(1);
        Request request = device.requests.get(0);
        assertThat(request.methodName).isEqualTo("reboot");
        assertThat(new String(request.payload, StandardCharsets.UTF_8)).isEqualTo("{\"delay\":3}");
        assertThat(router.responseReceived("d1", request.requestId, 202, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(call.join()).isEqualTo(new DirectMethodResult(202, JSON.readTree("{\"ok\":true}")));
        assertThat(router.pendingCount()).isZero();
    }

    @Test
    void requestIdsAreUniqueAndAnswersFromAnotherDeviceAreIgnored() {
        RecordingChannel d1 = new RecordingChannel();
        router.deviceReady("d1", d1);
        CompletableFuture<DirectMethodResult> first = router.invoke("d1", "m", null, 5, 0);
        CompletableFuture<DirectMethodResult> second = router.invoke("d1", "m", null, 5, 0);
        String rid = d1.requests.get(0).requestId;
        assertThat(d1.requests.get(1).requestId).isNotEqualTo(rid);

        assertThat(router.responseReceived("d2", rid, 200, new byte[0])).isFalse();
        assertThat(first).isNotDone();
        assertThat(router.responseReceived("d1", rid, 200, new byte[0])).isTrue();
        assertThat(router.responseReceived("d1", rid, 200, new byte[0])).as("second answer to one request").isFalse();
        assertThat(first.join().payload()).isEqualTo(NullNode.getInstance());
        assertThat(second).isNotDone();
    }

    @Test
    void nonJsonAnswerIsPassedThroughAsText() {
        RecordingChannel d1 = new RecordingChannel();
        router.deviceReady("d1", d1);
        CompletableFuture<DirectMethodResult> call = router.invoke("d1", "m", null, 5, 0);
        router.responseReceived("d1", d1.requests.get(0).requestId, 500, "not json {".getBytes(StandardCharsets.UTF_8));
        assertThat(call.join()).isEqualTo(new DirectMethodResult(500, TextNode.valueOf("not json {")));
    }

    @Test
    void noAnswerWithinTheResponseTimeoutIsAGatewayTimeout() {
        router.deviceReady("d1", new RecordingChannel());
        CompletableFuture<DirectMethodResult> call = router.invoke("d1", "m", null, 1, 0);
        await().atMost(Duration.ofSeconds(5)).until(call::isDone);
        assertFailure(call, HubError.GATEWAY_TIMEOUT);
        assertThat(router.pendingCount()).isZero();
    }

    @Test
    void aDeliveredCallsResponseTimerRunsOnItsConnectionsOwnThread() throws Exception {
        ScheduledThreadPoolExecutor connectionThread = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "device-io"));
        connectionThread.setRemoveOnCancelPolicy(true);
        try {
            RecordingChannel device = new RecordingChannel();
            device.ioThread = connectionThread;
            router.deviceReady("d1", device);

            CompletableFuture<String> timedOutOn = router.invoke("d1", "m", null, 1, 0)
                    .handle((result, failure) -> Thread.currentThread().getName());
            assertThat(timedOutOn.get(5, TimeUnit.SECONDS)).isEqualTo("device-io");

            CompletableFuture<DirectMethodResult> answered = router.invoke("d1", "m", null, 60, 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> device.requests.size() == 2);
            assertThat(connectionThread.getQueue()).as("the response timer").hasSize(1);
            router.responseReceived("d1", device.requests.get(1).requestId, 200, new byte[0]);
            assertThat(answered.join().status()).isEqualTo(200);
            assertThat(connectionThread.getQueue()).as("the answer cancelled the timer").isEmpty();
        } finally {
            connectionThread.shutdownNow();
        }
    }

    @Test
    void aCallFromAnotherThreadReachesTheConnectionsThreadAsOneTaskThatSetsTheTimerAndSends() throws Exception {
        ScheduledThreadPoolExecutor connectionThread = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "device-io"));
        connectionThread.setRemoveOnCancelPolicy(true);
        try {
            RecordingChannel device = new RecordingChannel();
            device.ioThread = connectionThread;
            router.deviceReady("d1", device);

            CompletableFuture<DirectMethodResult> answered = router.invoke("d1", "m", null, 60, 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> device.requests.size() == 1);
            assertThat(device.requests.get(0).sentOn()).isEqualTo("device-io");
            await().atMost(Duration.ofSeconds(5)).until(() -> connectionThread.getCompletedTaskCount() == 1);
            assertThat(connectionThread.getQueue()).as("the response timer, set by that same task").hasSize(1);

            router.responseReceived("d1", device.requests.get(0).requestId, 200, new byte[0]);
            assertThat(answered.join().status()).isEqualTo(200);
            assertThat(connectionThread.getCompletedTaskCount()).as("nothing more was handed to the connection").isEqualTo(1);
        } finally {
            connectionThread.shutdownNow();
        }
    }

    @Test
    void aCallMadeOnTheConnectionsOwnThreadIsSentAtOnce() throws Exception {
        ScheduledThreadPoolExecutor connectionThread = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "device-io"));
        try {
            RecordingChannel device = new RecordingChannel();
            device.ioThread = connectionThread;
            router.deviceReady("d1", device);

            int sentBeforeReturning = connectionThread.submit(() -> {
                router.invoke("d1", "m", null, 60, 0);
                return device.requests.size();
            }).get(5, TimeUnit.SECONDS);
            assertThat(sentBeforeReturning).isEqualTo(1);
            assertThat(device.requests.get(0).sentOn()).isEqualTo("device-io");
        } finally {
            connectionThread.shutdownNow();
        }
    }

    @Test
    void aCallWhoseConnectionThreadHasStoppedFailsAsNotOnline() {
        ScheduledThreadPoolExecutor connectionThread = new ScheduledThreadPoolExecutor(1);
        connectionThread.shutdownNow();
        RecordingChannel device = new RecordingChannel();
        device.ioThread = connectionThread;
        router.deviceReady("d1", device);

        CompletableFuture<DirectMethodResult> call = router.invoke("d1", "m", null, 60, 0);
        assertFailure(call, HubError.DEVICE_NOT_ONLINE);
        assertThat(router.pendingCount()).isZero();
    }

    @Test
    void waitsForTheDeviceWithinTheConnectTimeout() {
        CompletableFuture<DirectMethodResult> call = router.invoke("d1", "m", null, 5, 30);
        assertThat(call).isNotDone();
        assertThat(router.pendingCount()).isEqualTo(1);

        RecordingChannel device = new RecordingChannel();
        router.deviceReady("d1", device);

        assertThat(device.requests).hasSize(1);
        router.responseReceived("d1", device.requests.get(0).requestId, 200, "1".getBytes(StandardCharsets.UTF_8));
        assertThat(call.join().status()).isEqualTo(200);
    }

    @Test
    void deviceThatDoesNotComeWithinTheConnectTimeoutIsNotOnline() {
        CompletableFuture<DirectMethodResult> call = router.invoke("d1", "m", null, 5, 1);
        await().atMost(Duration.ofSeconds(5)).until(call::isDone);
        assertFailure(call, HubError.DEVICE_NOT_ONLINE);
        assertThat(router.pendingCount()).isZero();

        RecordingChannel late = new RecordingChannel();
        router.deviceReady("d1", late);
        assertThat(late.requests).as("a timed-out call is not delivered later").isEmpty();
    }

    @Test
    void deliveredCallOutlivesADisconnectUntilItsResponseTimeout() {
        RecordingChannel first = new RecordingChannel();
        router.deviceReady("d1", first);
        CompletableFuture<DirectMethodResult> call = router.invoke("d1", "m", null, 5, 0);
        router.deviceGone("d1", first);

        // the device answers on its next connection
        RecordingChannel second = new RecordingChannel();
        router.deviceReady("d1", second);
        assertThat(router.responseReceived("d1", first.requests.get(0).requestId, 200, new byte[0])).isTrue();
        assertThat(call.join().status()).isEqualTo(200);
    }

    @Test
    void goneOnlyRemovesTheSameChannel() {
        RecordingChannel old = new RecordingChannel();
        RecordingChannel current = new RecordingChannel();
        router.deviceReady("d1", old);
        router.deviceReady("d1", current);
        router.deviceGone("d1", old);

        router.invoke("d1", "m", null, 5, 0);

        assertThat(old.requests).isEmpty();
        assertThat(current.requests).hasSize(1);
    }

    @Test
    void undeliverableRequestFailsAsNotOnline() {
        RecordingChannel broken = new RecordingChannel();
        broken.failWrites = true;
        router.deviceReady("d1", broken);
        assertFailure(router.invoke("d1", "m", null, 5, 0), HubError.DEVICE_NOT_ONLINE);
    }

    @Test
    void closeFailsWhatIsPending() {
        CompletableFuture<DirectMethodResult> waiting = router.invoke("d1", "m", null, 5, 60);
        router.deviceReady("d2", new RecordingChannel());
        CompletableFuture<DirectMethodResult> delivered = router.invoke("d2", "m", null, 60, 0);
        router.close();
        assertFailure(waiting, HubError.SERVER_ERROR);
        assertFailure(delivered, HubError.SERVER_ERROR);
    }

    private static void assertFailure(CompletableFuture<DirectMethodResult> call, HubError expected) {
        assertThat(call).isCompletedExceptionally();
        Throwable cause = call.handle((r, e) -> e).join();
        while (!(cause instanceof HubException) && cause != null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(HubException.class);
        assertThat(((HubException) cause).error()).isEqualTo(expected);
    }

    private record Request(String methodName, String requestId, byte[] payload, String sentOn) {
    }

    private static final class RecordingChannel implements DeviceMethodChannel {
        final List<Request> requests = new CopyOnWriteArrayList<>();
        volatile boolean failWrites;
        volatile ScheduledExecutorService ioThread;

        @Override
        public Optional<ScheduledExecutorService> ioThread() {
            return Optional.ofNullable(ioThread);
        }

        @Override
        public boolean onIoThread() {
            return ioThread != null && Thread.currentThread().getName().equals("device-io");
        }

        @Override
        public void sendMethodRequest(String methodName, String requestId, byte[] payload, Consumer<Throwable> undeliverable) {
            if (failWrites) {
                undeliverable.accept(new IllegalStateException("closed"));
            } else {
                requests.add(new Request(methodName, requestId, payload, Thread.currentThread().getName()));
            }
        }
    }
}
