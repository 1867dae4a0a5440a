package dev.twinops.console.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException;

import dev.twinops.console.devices.DeviceSnapshot;
import dev.twinops.console.jobs.JobDeviceResult;
import dev.twinops.console.operations.OperationRequest;
import dev.twinops.dm.reported.ReportedDeviceState;

/** The monitor against a scripted hub: rounds read unfinished devices, apply job rows, and slow down on 429. */
class ProgressMonitorTest {

    /** A hub whose devices report what the test says; counts the reads. */
    static final class ScriptedHub implements ProgressReader {
        /** Replaced whole, so devices that report "at once" are seen together by a round. */
        private volatile Map<String, ReportedDeviceState> reported = Map.of();
        final List<List<String>> reads = new CopyOnWriteArrayList<>();
        final List<JobDeviceResult> jobRows = new CopyOnWriteArrayList<>();
        volatile String jobStatus = "running";
        final AtomicInteger jobReads = new AtomicInteger();
        final AtomicInteger throttleNext = new AtomicInteger();

        @Override
        public List<DeviceReport> readDevices(Collection<String> deviceIds) throws Exception {
            if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IotHubTooManyRequestsException("throttled");
            }
            reads.add(List.copyOf(deviceIds));
            Map<String, ReportedDeviceState> now = reported;
            List<DeviceReport> reports = new ArrayList<>();
            for (String id : deviceIds) {
                reports.add(new DeviceReport(new DeviceSnapshot(id, "Connected", "enabled", "1.0.0", null, ""),
                        now.getOrDefault(id, Reports.factory("1.0.0"))));
            }
            return reports;
        }

        /** These devices report now, all in the same instant for the monitor's rounds. */
        synchronized void report(Map<String, ReportedDeviceState> changes) {
            Map<String, ReportedDeviceState> next = new java.util.HashMap<>(reported);
            next.putAll(changes);
            reported = Map.copyOf(next);
        }

        @Override
        public int queriesFor(int deviceCount) {
            return (deviceCount + 99) / 100;
        }

        @Override
        public List<JobDeviceResult> readJobDevices(String jobId) {
            return List.copyOf(jobRows);
        }

        @Override
        public JobState readJob(String jobId) {
            jobReads.incrementAndGet();
            return new JobState(jobId, jobStatus, 3, 0, 0, 0, 0, null);
        }
    }

    static final class RecordingSink implements ProgressSink {
        final Map<String, OperationSummary> summaries = new ConcurrentHashMap<>();
        final List<DeviceSnapshot> snapshots = new CopyOnWriteArrayList<>();

        @Override
        public void device(String operationId, String rowLabel, DeviceProgress progress) {
        }

        @Override
        public void snapshot(DeviceSnapshot snapshot) {
            snapshots.add(snapshot);
        }

        @Override
        public void summary(OperationSummary summary) {
            summaries.put(summary.operationId(), summary);
        }

        @Override
        public void removed(String operationId) {
            summaries.remove(operationId);
        }
    }

    private final ScriptedHub hub = new ScriptedHub();
    private final RecordingSink sink = new RecordingSink();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final ProgressMonitor monitor = new ProgressMonitor(Executors.newSingleThreadScheduledExecutor(),
            Clock.systemUTC(), new QueryPacer(Duration.ofMillis(50), 0.5), sink, failures::add);

    @AfterEach
    void stop() {
        monitor.close();
    }

    private TrackedOperation firmwareTo(OperationRequest request, String... ids) {
        Instant now = Instant.now();
        return new TrackedOperation(request, "test devices", List.of(ids), now, now.plusSeconds(60),
                Duration.ofSeconds(30), ZoneOffset.UTC);
    }

    @Test
    void roundsReadOnlyUnfinishedDevicesAndStopWhenAllAreDone() {
        OperationRequest request = OperationRequest.firmwareUpdate("https://fw.example/p.bin", "b".repeat(64), "2.0.0");
        String op = request.operationId();
        monitor.useReader(hub);
        monitor.track(firmwareTo(request, "a", "b", "c"));
        hub.report(Map.of("a", Reports.firmware("2.0.0", "current", op, 100, null)));

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.summaries.get(op) != null
                && sink.summaries.get(op).succeeded() == 1);
        hub.report(Map.of("b", Reports.firmware("2.0.0", "current", op, 100, null),
                "c", Reports.firmware("1.0.0", "failed", op, 30, "CHECKSUM_MISMATCH")));

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.summaries.get(op).finished());
        OperationSummary done = sink.summaries.get(op);
        assertThat(done.succeeded()).isEqualTo(2);
        assertThat(done.failures()).extracting(FailedDevice::deviceId).containsExactly("c");
        int readsWhenDone = hub.reads.size();
        assertThat(hub.reads.get(readsWhenDone - 1)).containsExactly("b", "c");
        assertThat(hub.reads.get(0)).containsExactly("a", "b", "c");
        // once a device succeeded it is not read again
        int firstWithoutA = hub.reads.indexOf(List.of("b", "c"));
        assertThat(firstWithoutA).isPositive();
        assertThat(hub.reads.subList(firstWithoutA, readsWhenDone)).allSatisfy(ids -> assertThat(ids).doesNotContain("a"));
        // nothing left to watch: no more queries (several round intervals long)
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> hub.reads.size() == readsWhenDone);
        assertThat(sink.snapshots).isNotEmpty();
        assertThat(failures).isEmpty();
    }

    @Test
    void jobRowsFailTheDevicesTheJobCouldNotReach() {
        OperationRequest request = OperationRequest.reboot();
        monitor.useReader(hub);
        monitor.track(firmwareTo(request, "x", "y"));
        monitor.jobScheduled(request.operationId(), "reboot-job");
        hub.jobRows.add(new JobDeviceResult("y", "reboot-job", "failed", null, null, "DeviceNotOnline",
                "Timed out waiting for device to connect. (errorCode 404103)"));
        hub.jobStatus = "completed";

        // the rows and the job's status change in two steps; a round may see one without the other
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.summaries.get(request.operationId()) != null
                && sink.summaries.get(request.operationId()).failed() == 1
                && String.valueOf(sink.summaries.get(request.operationId()).jobStatus()).contains("completed"));
        OperationSummary s = sink.summaries.get(request.operationId());
        assertThat(s.failures()).containsExactly(new FailedDevice("y",
                "y is offline (404103): it was not connected. Nothing was sent to it.", false));
        assertThat(s.jobStatus()).isEqualTo("job reboot-job: completed, 0 of 3 devices called");
    }

    @Test
    void aQueryOperationWhoseDevicesAndJobCameAfterTheFirstRoundIsFollowed() {
        OperationRequest request = OperationRequest.reboot();
        String op = request.operationId();
        monitor.useReader(hub);
        monitor.track(firmwareTo(request)); // a query target: the hub names its devices later
        // the first round comes and goes with nothing to read (the hub is slow to resolve the query)
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
                .until(() -> hub.reads.isEmpty() && hub.jobReads.get() == 0);

        monitor.addDevices(op, List.of("a", "b"));
        monitor.jobScheduled(op, "reboot-job");

        await().atMost(Duration.ofSeconds(10)).until(() -> hub.jobReads.get() > 0 && !hub.reads.isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.summaries.get(op).jobStatus().contains("running"));
    }

    @Test
    void aThrottledHubSlowsTheRoundsDownAndProgressStillArrives() {
        OperationRequest request = OperationRequest.firmwareUpdate("https://fw.example/p.bin", "c".repeat(64), "2.0.0");
        hub.throttleNext.set(2);
        monitor.useReader(hub);
        monitor.track(firmwareTo(request, "a"));
        hub.report(Map.of("a", Reports.firmware("2.0.0", "current", request.operationId(), 100, null)));

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.summaries.get(request.operationId()) != null
                && sink.summaries.get(request.operationId()).succeeded() == 1);
        assertThat(hub.throttleNext.get()).isZero();
        assertThat(failures).isEmpty(); // a 429 is pacing, not an outage
    }

    @Test
    void switchingHubsDropsTheOperations() {
        OperationRequest request = OperationRequest.reboot();
        monitor.useReader(hub);
        monitor.track(firmwareTo(request, "a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.summaries.containsKey(request.operationId()));

        monitor.useReader(new ScriptedHub());

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.summaries.isEmpty());
    }
}
