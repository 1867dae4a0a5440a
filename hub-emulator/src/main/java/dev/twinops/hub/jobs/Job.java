package dev.twinops.hub.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.state.IotHubTime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A job and its per-device parts. Mutable state is touched only on the scheduler's thread; other threads read
 * {@link #devices} (an immutable list, replaced once when the job starts) and each device's JSON snapshot.
 */
final class Job {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CANCELLED_MESSAGE = "Cancelled at the caller's request";

    final String jobId;
    final JobType type;
    final long sequence;
    final Instant created;
    /** What the job does; null only for a job restored from disk that cannot run again (it is terminal). */
    JobRequest request;
    /** The request's fields as the jobs API echoes them (queryCondition, startTime, type, the operation...). */
    final ObjectNode requestFields;
    JobStatus status;
    Instant endTime;
    String failureReason;
    String statusMessage;
    /** The devices the query condition selected when the job started, in device id order; empty before. */
    volatile List<DeviceJob> devices = List.of();
    private final Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
    /** Index of the next device to look at for dispatch. */
    int next;
    /** Device operations started and not yet finished. */
    int inFlight;
    ScheduledFuture<?> startTimer;
    ScheduledFuture<?> deadlineTimer;
    ScheduledFuture<?> paceTimer;
    /** While a cancellation is being stored: its answer. The job starts no device meanwhile. */
    CompletableFuture<ObjectNode> cancellation;
    /** The twin patch of a twin-update job, built once. */
    private ObjectNode twinPatch;

    private Job(String jobId, JobType type, long sequence, Instant created, JobRequest request,
                ObjectNode requestFields, JobStatus status) {
        this.jobId = jobId;
        this.type = type;
        this.sequence = sequence;
        this.created = created;
        this.request = request;
        this.requestFields = requestFields;
        this.status = status;
    }

    static Job create(JobRequest request, long sequence, Instant now) {
        ObjectNode fields = JSON.createObjectNode();
        request.writeTo(fields);
        JobStatus status = request.startTime().isAfter(now) ? JobStatus.SCHEDULED : JobStatus.QUEUED;
        return new Job(request.jobId(), request.type(), sequence, now, request, fields, status);
    }

    /** A job as stored (its API JSON) with its stored device rows; {@link #request} is left for the caller. */
    static Job restore(long sequence, ObjectNode stored, List<DeviceJob> rows) {
        ObjectNode fields = stored.deepCopy();
        for (String own : List.of("jobId", "createdTime", "endTime", "status", "failureReason", "statusMessage",
                "deviceJobStatistics")) {
            fields.remove(own);
        }
        JobType type = JobType.fromWireName(stored.path("type").asText()).orElse(JobType.SCHEDULE_DEVICE_METHOD);
        Job job = new Job(stored.path("jobId").asText(), type, sequence,
                IotHubTime.parse(stored.path("createdTime").asText(null)), null, fields,
                JobStatus.fromWireName(stored.path("status").asText()).orElse(JobStatus.FAILED));
        job.endTime = stored.hasNonNull("endTime") ? IotHubTime.parse(stored.get("endTime").asText()) : null;
        job.failureReason = text(stored, "failureReason");
        job.statusMessage = text(stored, "statusMessage");
        job.devices = List.copyOf(rows);
        for (DeviceJob d : rows) {
            job.counts.merge(d.status, 1, Integer::sum);
        }
        return job;
    }

    /** When the job starts (or started): its start time, or its creation if that was later. */
    Instant effectiveStart() {
        Instant start = IotHubTime.parse(requestFields.path("startTime").asText(null));
        return start.isAfter(created) ? start : created;
    }

    long maxExecutionSeconds() {
        return requestFields.path("maxExecutionTimeInSeconds").asLong(JobRequest.DEFAULT_MAX_EXECUTION_SECONDS);
    }

    /** The job must be over by then. */
    Instant deadline() {
        return effectiveStart().plusSeconds(maxExecutionSeconds());
    }

    ObjectNode twinPatch() {
        if (twinPatch == null) {
            twinPatch = request.twinPatch();
        }
        return twinPatch;
    }

    /** Sets the devices when the job starts; every one is queued. */
    void start(List<DeviceJob> selected) {
        devices = List.copyOf(selected);
        counts.clear();
        counts.put(JobStatus.QUEUED, selected.size());
        next = 0;
    }

    List<DeviceJob> devicesIn(JobStatus wanted) {
        List<DeviceJob> found = new ArrayList<>();
        for (DeviceJob device : devices) {
            if (device.status == wanted) {
                found.add(device);
            }
        }
        return found;
    }

    /** Cancels the job: devices not started are cancelled (returned), operations under way finish. */
    List<DeviceJob> cancel(Instant now) {
        List<DeviceJob> notRun = devicesIn(JobStatus.QUEUED);
        for (DeviceJob device : notRun) {
            move(device, JobStatus.CANCELLED, now);
        }
        finish(JobStatus.CANCELLED, now, null, CANCELLED_MESSAGE);
        return notRun;
    }

    /** The maximum execution time ran out: devices not started fail (returned), the job fails. */
    List<DeviceJob> runOutOfTime(Instant now) {
        List<DeviceJob> notRun = devicesIn(JobStatus.QUEUED);
        for (DeviceJob device : notRun) {
            device.errorCode = "JobRunPreconditionFailed";
            device.errorDescription = "The job reached its maximum execution time of " + maxExecutionSeconds()
                    + " s before this device's turn";
            device.ended = now;
            move(device, JobStatus.FAILED, now);
        }
        finish(JobStatus.FAILED, now, "The job did not finish within its maximum execution time of "
                + maxExecutionSeconds() + " s; " + notRun.size() + " devices were not run", null);
        return notRun;
    }

    /** Ends the job: its status and why, and no more timers. */
    void finish(JobStatus to, Instant now, String failureReason, String statusMessage) {
        status = to;
        endTime = now;
        this.failureReason = failureReason;
        this.statusMessage = statusMessage;
        cancel(startTimer);
        cancel(deadlineTimer);
        cancel(paceTimer);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** Moves a device to another status, keeping the statistics, and refreshes its JSON. */
    void move(DeviceJob device, JobStatus to, Instant now) {
        counts.merge(device.status, -1, Integer::sum);
        counts.merge(to, 1, Integer::sum);
        device.status = to;
        device.updated = now;
        device.render(jobId, type);
    }

    int count(JobStatus status) {
        return counts.getOrDefault(status, 0);
    }

    /** The job as {@code GET /jobs/v2/{id}} returns it; null keys are left out (the service SDK rejects them). */
    ObjectNode toJson() {
        return toJson(status, endTime, failureReason, statusMessage, false);
    }

    /** The job as it will read once cancelled at {@code now}, its devices not started cancelled; changes nothing. */
    ObjectNode toJsonCancelledAt(Instant now) {
        return toJson(JobStatus.CANCELLED, now, null, CANCELLED_MESSAGE, true);
    }

    private ObjectNode toJson(JobStatus status, Instant endTime, String failureReason, String statusMessage,
                              boolean queuedCancelled) {
        ObjectNode job = JSON.createObjectNode();
        job.put("jobId", jobId);
        job.put("createdTime", IotHubTime.format(created));
        for (Iterator<Map.Entry<String, JsonNode>> it = requestFields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            job.set(field.getKey(), field.getValue().deepCopy());
        }
        if (endTime != null) {
            job.put("endTime", IotHubTime.format(endTime));
        }
        job.put("status", status.wireName());
        if (failureReason != null) {
            job.put("failureReason", failureReason);
        }
        if (statusMessage != null) {
            job.put("statusMessage", statusMessage);
        }
        ObjectNode statistics = job.putObject("deviceJobStatistics");
        statistics.put("deviceCount", devices.size());
        statistics.put("failedCount", count(JobStatus.FAILED));
        statistics.put("succeededCount", count(JobStatus.COMPLETED));
        statistics.put("runningCount", count(JobStatus.RUNNING));
        statistics.put("pendingCount", queuedCancelled ? 0 : count(JobStatus.QUEUED));
        return job;
    }

    private static String text(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
