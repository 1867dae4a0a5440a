package dev.twinops.console.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;

import dev.twinops.console.progress.OperationSummary;
import dev.twinops.console.progress.ProgressMonitor;
import dev.twinops.console.progress.ProgressUpdates;
import dev.twinops.console.progress.QueryPacer;

/** A job whose creation the hub did not answer: created after all, or not. */
class OperationLauncherTest {

    /** Scheduling fails with {@code failure}; the hub then has the job or not. */
    static final class UnansweredHub implements ManagementService {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Exception failure;
        final Optional<String> jobStatus;

        UnansweredHub(Exception failure, Optional<String> jobStatus) {
            this.failure = failure;
            this.jobStatus = jobStatus;
        }

        @Override
        public MethodOutcome invoke(String deviceId, OperationRequest request) {
            throw new UnsupportedOperationException("a job is expected");
        }

        @Override
        public String scheduleJob(String jobId, String condition, OperationRequest request, Duration maxExecution)
                throws Exception {
            calls.add("schedule " + jobId);
            throw failure;
        }

        @Override
        public Optional<String> jobStatus(String jobId) {
            calls.add("status " + jobId);
            return jobStatus;
        }

        @Override
        public List<String> deviceIds(String condition) {
            return List.of();
        }
    }

    private final ProgressUpdates updates = new ProgressUpdates(() -> { });
    private final ProgressMonitor monitor = new ProgressMonitor(Executors.newSingleThreadScheduledExecutor(),
            Clock.systemUTC(), new QueryPacer(Duration.ofSeconds(1), 0.5), updates, e -> { });
    private final Map<String, OperationSummary> summaries = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        monitor.close();
    }

    private String start(ManagementService hub) {
        OperationLauncher launcher = new OperationLauncher(() -> hub, monitor, Runnable::run, Clock.systemUTC(),
                () -> HubTier.UNLIMITED, OperationDeadlines.DEFAULTS);
        return launcher.start(OperationRequest.reboot(), DeviceTargets.selection(List.of("a", "b")));
    }

    private OperationSummary awaitSummary(String operationId, java.util.function.Predicate<OperationSummary> test) {
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            updates.drain().summaries().forEach(s -> summaries.put(s.operationId(), s));
            OperationSummary s = summaries.get(operationId);
            return s != null && test.test(s);
        });
        return summaries.get(operationId);
    }

    @Test
    void aJobTheHubCreatedThoughItsAnswerWasLostIsFollowed() {
        UnansweredHub hub = new UnansweredHub(new SocketTimeoutException("Read timed out"), Optional.of("RUNNING"));
        String operationId = start(hub);

        OperationSummary s = awaitSummary(operationId, x -> x.jobId() != null);
        String jobId = hub.calls.get(0).substring("schedule ".length());
        assertThat(hub.calls).containsExactly("schedule " + jobId, "status " + jobId);
        assertThat(s.jobId()).isEqualTo(jobId);
        assertThat(s.failed()).isZero();
        assertThat(s.inFlight()).isEqualTo(2);
        assertThat(s.message()).contains("Sent as job " + jobId).contains("the hub confirmed it late: Read timed out");
    }

    @Test
    void aJobTheHubDoesNotHaveFailsItsDevicesSayingWhy() {
        UnansweredHub hub = new UnansweredHub(new SocketTimeoutException("Read timed out"), Optional.empty());
        String operationId = start(hub);

        OperationSummary s = awaitSummary(operationId, x -> x.failed() == 2);
        String jobId = hub.calls.get(0).substring("schedule ".length());
        assertThat(s.jobId()).isNull();
        assertThat(s.message()).isEqualTo("The job was not created: Read timed out (the hub has no job " + jobId + ")");
    }

    @Test
    void aServerErrorLeavesItOpenSoTheJobIsLookedUp() {
        UnansweredHub hub = new UnansweredHub(
                new com.microsoft.azure.sdk.iot.service.exceptions.IotHubGatewayTimeoutException("gateway timeout"),
                Optional.of("QUEUED"));
        String operationId = start(hub);

        OperationSummary s = awaitSummary(operationId, x -> x.jobId() != null);
        assertThat(hub.calls).hasSize(2);
        assertThat(s.failed()).isZero();
    }

    @Test
    void aRefusalFromTheHubIsNotQuestioned() {
        UnansweredHub hub = new UnansweredHub(new IotHubException(429, "too many jobs"), Optional.of("RUNNING"));
        String operationId = start(hub);

        OperationSummary s = awaitSummary(operationId, x -> x.failed() == 2);
        assertThat(hub.calls).hasSize(1).allMatch(c -> c.startsWith("schedule "));
        assertThat(s.message()).startsWith("The job was not created: ");
    }
}
