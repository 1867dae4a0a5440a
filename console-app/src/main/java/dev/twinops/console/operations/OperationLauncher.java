package dev.twinops.console.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.console.connection.HubErrors;

/**
 * Sends an operation and hands it to the {@link OperationTracker}: one device gets a direct method call, several
 * devices (or a whole query) a scheduled job whose query condition names them. Returns at once; every hub call
 * runs on the hub-call executor.
 */
public final class OperationLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(OperationLauncher.class);
    private static final DateTimeFormatter JOB_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    static final int MAX_JOB_ID = 64;

    /** What was sent, kept for "retry failed". */
    private record Sent(OperationRequest request, DeviceTargets targets) {
    }

    private final Supplier<ManagementService> service;
    private final OperationTracker tracker;
    private final Executor hubCalls;
    private final Clock clock;
    private final Supplier<HubTier> tier;
    private final OperationDeadlines deadlines;
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();

    /**
     * @param service the current hub's service (null when not connected)
     */
    public OperationLauncher(Supplier<ManagementService> service, OperationTracker tracker, Executor hubCalls,
                             Clock clock, Supplier<HubTier> tier, OperationDeadlines deadlines) {
        this.service = Objects.requireNonNull(service);
        this.tracker = Objects.requireNonNull(tracker);
        this.hubCalls = Objects.requireNonNull(hubCalls);
        this.clock = Objects.requireNonNull(clock);
        this.tier = Objects.requireNonNull(tier);
        this.deadlines = Objects.requireNonNull(deadlines);
    }

    /**
     * Starts an operation; progress shows in the panel and the rows.
     *
     * @return the operation id
     * @throws IllegalStateException when no hub is connected
     */
    public String start(OperationRequest request, DeviceTargets targets) {
        ManagementService hub = service.get();
        if (hub == null) {
            throw new IllegalStateException("Not connected to a hub.");
        }
        if (targets.count() == 0) {
            throw new IllegalArgumentException("No devices to " + request.kind().displayName().toLowerCase() + ".");
        }
        Instant requestedAt = clock.instant();
        HubTier currentTier = tier.get();
        Instant deadline = requestedAt.plus(deadlines.deadline(request, targets.count(), currentTier));
        sent.put(request.operationId(), new Sent(request, targets));
        tracker.track(new SentOperation(request, targets.describe(), targets.deviceIds(), requestedAt, deadline,
                deadlines.silence(), clock.getZone()));
        if (targets.isSingleDevice()) {
            String deviceId = targets.deviceIds().get(0);
            hubCalls.execute(() -> tracker.methodAnswered(request.operationId(), deviceId, hub.invoke(deviceId, request)));
        } else {
            String jobId = jobId(request, requestedAt);
            Duration maxExecution = maxExecution(request, targets.count(), currentTier);
            hubCalls.execute(() -> runJob(hub, request, targets, jobId, maxExecution));
        }
        return request.operationId();
    }

    /** Starts the operation again, under a new operation id, on some of its devices. */
    public String retry(String operationId, List<String> deviceIds) {
        Sent before = sent.get(operationId);
        if (before == null) {
            throw new IllegalArgumentException("unknown operation " + operationId);
        }
        return start(before.request().again(), DeviceTargets.selection(deviceIds));
    }

    private void runJob(ManagementService hub, OperationRequest request, DeviceTargets targets, String jobId,
                        Duration maxExecution) {
        String opId = request.operationId();
        try {
            if (targets.isQuery()) {
                // The panel lists the devices at once; the job's own rows add any that match later.
                tracker.addDevices(opId, hub.deviceIds(targets.queryCondition()));
            }
            hub.scheduleJob(jobId, targets.jobCondition(), request, maxExecution);
            tracker.jobScheduled(opId, jobId);
            tracker.message(opId, "Sent as job " + jobId + " to " + targets.describe() + ".");
        } catch (Exception e) {
            String reason = HubErrors.hubMessage(e);
            if (!HubErrors.hubRefused(e)) {
                // the request may have been carried out and only the answer lost (a slow hub, a dropped link, a 5xx)
                reason = createdAfterAll(hub, opId, jobId, targets, reason);
                if (reason == null) {
                    return;
                }
            }
            LOG.warn("Job {} was not created: {}", jobId, reason);
            tracker.jobRefused(opId, reason);
        }
    }

    /** Null when the hub has the job after all (then followed as scheduled); otherwise why it counts as refused. */
    private String createdAfterAll(ManagementService hub, String opId, String jobId, DeviceTargets targets,
                                   String reason) {
        try {
            Optional<String> status = hub.jobStatus(jobId);
            if (status.isEmpty()) {
                return reason + " (the hub has no job " + jobId + ")";
            }
            LOG.info("Job {}: the answer to creating it was lost ({}), but the hub has it ({})", jobId, reason,
                    status.get());
            tracker.jobScheduled(opId, jobId);
            tracker.message(opId, "Sent as job " + jobId + " to " + targets.describe() + " (the hub confirmed it late: "
                    + reason + ").");
            return null;
        } catch (Exception check) {
            return reason + "; whether the hub created job " + jobId + " anyway could not be checked ("
                    + HubErrors.hubMessage(check) + "): see the Jobs tab";
        }
    }

    /** "firmwareUpdate-20260301-100200-3fa9c1": readable, sortable, unique enough, at most 64 characters. */
    static String jobId(OperationRequest request, Instant at) {
        String suffix = "-" + JOB_TIME.format(at) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        String method = request.methodName().replaceAll("[^A-Za-z0-9._-]", "_");
        int room = MAX_JOB_ID - suffix.length();
        return (method.length() > room ? method.substring(0, room) : method) + suffix;
    }

    /** Long enough for the hub to reach every device at the tier's pace and wait for each answer. */
    static Duration maxExecution(OperationRequest request, long devices, HubTier tier) {
        Duration needed = tier.jobDispatchTime(devices).multipliedBy(2)
                .plusSeconds(request.responseTimeoutSeconds() + request.connectTimeoutSeconds());
        Duration floor = Duration.ofHours(1);
        return needed.compareTo(floor) > 0 ? needed : floor;
    }
}
