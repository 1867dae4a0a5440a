package dev.twinops.console.progress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.console.connection.HubErrors;
import dev.twinops.console.jobs.JobDeviceResult;
import dev.twinops.console.operations.HubTier;
import dev.twinops.console.operations.MethodOutcome;
import dev.twinops.console.operations.OperationTracker;
import dev.twinops.console.operations.SentOperation;

/**
 * Follows every operation in flight by twin queries over its unfinished devices, in rounds paced by a
 * {@link QueryPacer} for the configured {@link HubTier}. Each round reads the devices once (whatever the number of
 * operations they are part of), applies the reports to each operation, reads the rows of jobs still under way,
 * flags devices past their deadline, and hands what changed to the {@link ProgressSink}. All operation state lives
 * on the monitor's one thread, so it needs no locks; the public methods only enqueue work there.
 */
public final class ProgressMonitor implements OperationTracker, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressMonitor.class);
    /** When only stuck devices remain, they are looked at this many times less often. */
    private static final int STUCK_SLOWDOWN = 5;

    private final ScheduledExecutorService thread;
    private final Clock clock;
    private final QueryPacer pacer;
    private final ProgressSink sink;
    private final Consumer<Throwable> failureReporter;
    private final Map<String, TrackedOperation> operations = new LinkedHashMap<>();
    private ProgressReader reader;
    private volatile HubTier tier = HubTier.UNLIMITED;
    private boolean roundScheduled;
    private int rounds;

    /**
     * @param thread          a single-threaded executor the monitor owns (closed with it)
     * @param failureReporter told about failed hub calls (the connection notices outages)
     */
    public ProgressMonitor(ScheduledExecutorService thread, Clock clock, QueryPacer pacer, ProgressSink sink,
                           Consumer<Throwable> failureReporter) {
        this.thread = Objects.requireNonNull(thread);
        this.clock = Objects.requireNonNull(clock);
        this.pacer = Objects.requireNonNull(pacer);
        this.sink = Objects.requireNonNull(sink);
        this.failureReporter = Objects.requireNonNull(failureReporter);
    }

    /** The hub to read from (null: none). Operations on the previous hub are dropped. */
    public void useReader(ProgressReader newReader) {
        thread.execute(() -> {
            reader = newReader;
            for (String id : List.copyOf(operations.keySet())) {
                operations.remove(id);
                sink.removed(id);
            }
        });
    }

    public void setTier(HubTier newTier) {
        tier = Objects.requireNonNull(newTier);
    }

    public HubTier tier() {
        return tier;
    }

    @Override
    public void track(SentOperation operation) {
        track(TrackedOperation.of(operation));
    }

    /** Starts following an operation; its devices show as waiting at once. */
    public void track(TrackedOperation operation) {
        thread.execute(() -> {
            operations.put(operation.operationId(), operation);
            sink.summary(operation.summary()); // first: rows need the operation's request time
            String label = rowLabel(operation);
            for (String id : operation.deviceIds()) {
                sink.device(operation.operationId(), label, operation.progress(id));
            }
            scheduleRound(Duration.ofMillis(300));
        });
    }

    @Override
    public void jobScheduled(String operationId, String jobId) {
        onOperation(operationId, op -> {
            op.jobScheduled(jobId);
            sink.summary(op.summary());
            scheduleRound(Duration.ofMillis(300)); // rounds may have stopped: nothing was left to watch before
        });
    }

    /** The job could not be created: its devices fail with the hub's reason. */
    @Override
    public void jobRefused(String operationId, String reason) {
        onOperation(operationId, op -> {
            publish(op, op.jobRefused(reason, clock.instant()));
            sink.summary(op.summary());
        });
    }

    /** A direct call's answer (or the hub's error for it). */
    @Override
    public void methodAnswered(String operationId, String deviceId, MethodOutcome outcome) {
        onOperation(operationId, op -> {
            DeviceProgress p = op.methodAnswered(deviceId, outcome, clock.instant());
            if (p != null) {
                sink.device(operationId, rowLabel(op), p);
            }
            op.message(outcome.describe());
            sink.summary(op.summary());
            scheduleRound(Duration.ofMillis(300));
        });
    }

    /** A note for the operation's panel entry. */
    @Override
    public void message(String operationId, String text) {
        onOperation(operationId, op -> {
            op.message(text);
            sink.summary(op.summary());
        });
    }

    /** Adds devices to an operation (a query target resolved after the start). */
    @Override
    public void addDevices(String operationId, List<String> deviceIds) {
        onOperation(operationId, op -> {
            List<DeviceProgress> added = new ArrayList<>();
            for (String id : deviceIds) {
                if (!op.includes(id)) {
                    added.add(op.addDevice(id));
                }
            }
            publish(op, added);
            sink.summary(op.summary());
            scheduleRound(Duration.ofMillis(300)); // rounds may have stopped: nothing was left to watch before
        });
    }

    /** Stops following an operation and removes it from view. */
    public void dismiss(String operationId) {
        thread.execute(() -> {
            if (operations.remove(operationId) != null) {
                sink.removed(operationId);
            }
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    // ---- the monitor thread ----

    private void onOperation(String operationId, Consumer<TrackedOperation> action) {
        thread.execute(() -> {
            TrackedOperation op = operations.get(operationId);
            if (op != null) {
                action.accept(op);
            }
        });
    }

    private void scheduleRound(Duration delay) {
        if (roundScheduled || thread.isShutdown()) {
            return;
        }
        roundScheduled = true;
        thread.schedule(this::round, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        roundScheduled = false;
        if (reader == null) {
            return;
        }
        rounds++;
        List<TrackedOperation> active = operations.values().stream().filter(op -> !op.isDone()).toList();
        if (active.isEmpty()) {
            return;
        }
        boolean onlyStuckLeft = active.stream().allMatch(op -> op.isFinished() && !op.needsJobRows());
        if (onlyStuckLeft && rounds % STUCK_SLOWDOWN != 0) {
            scheduleRound(pacer.nextDelay(1, tier));
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        active.forEach(op -> ids.addAll(op.devicesToWatch()));
        int queries = ids.isEmpty() ? 0 : reader.queriesFor(ids.size());
        boolean throttled = false;
        try {
            if (!ids.isEmpty()) {
                applyReports(active, reader.readDevices(ids));
            }
            for (TrackedOperation op : active) {
                if (op.needsJobRows()) {
                    queries++;
                    applyJob(op);
                }
            }
        } catch (Exception e) {
            if (HubErrors.isThrottled(e)) {
                throttled = true;
                LOG.info("The hub throttles progress queries (429); slowing down");
                pacer.throttled(Math.max(1, queries), tier);
            } else {
                LOG.warn("Reading progress failed: {}", e.toString());
                failureReporter.accept(e);
            }
        }
        Instant now = clock.instant();
        for (TrackedOperation op : active) {
            publish(op, op.checkDeadline(now));
            sink.summary(op.summary());
        }
        if (!throttled) {
            pacer.succeeded();
        }
        scheduleRound(pacer.nextDelay(Math.max(1, queries), tier));
    }

    private void applyReports(List<TrackedOperation> active, List<DeviceReport> reports) {
        Instant now = clock.instant();
        for (DeviceReport report : reports) {
            sink.snapshot(report.snapshot());
            for (TrackedOperation op : active) {
                if (op.includes(report.deviceId())) {
                    DeviceProgress p = op.observe(report.deviceId(), report.reported(), now);
                    if (p != null) {
                        sink.device(op.operationId(), rowLabel(op), p);
                    }
                }
            }
        }
    }

    private void applyJob(TrackedOperation op) throws Exception {
        JobState job = reader.readJob(op.jobId());
        op.jobState(job);
        List<JobDeviceResult> rows = reader.readJobDevices(op.jobId());
        Instant now = clock.instant();
        int responseTimeout = op.request().responseTimeoutSeconds();
        int connectTimeout = op.request().connectTimeoutSeconds();
        for (JobDeviceResult row : rows) {
            if (!op.includes(row.deviceId())) {
                publish(op, List.of(op.addDevice(row.deviceId())));
            }
            MethodOutcome outcome = row.outcome(responseTimeout, connectTimeout);
            if (outcome != null) {
                DeviceProgress p = op.methodAnswered(row.deviceId(), outcome, now);
                if (p != null) {
                    sink.device(op.operationId(), rowLabel(op), p);
                }
            }
        }
        if (job.isFinished()) {
            op.jobRowsComplete();
        }
    }

    private void publish(TrackedOperation op, List<DeviceProgress> changed) {
        String label = rowLabel(op);
        for (DeviceProgress p : changed) {
            sink.device(op.operationId(), label, p);
        }
    }

    static String rowLabel(TrackedOperation op) {
        return switch (op.kind()) {
            case FIRMWARE_UPDATE -> "Firmware " + op.request().targetVersion();
            case METHOD -> op.request().methodName();
            default -> op.kind().displayName();
        };
    }
}
