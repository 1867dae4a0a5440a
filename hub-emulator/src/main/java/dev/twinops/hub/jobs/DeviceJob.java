package dev.twinops.hub.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.state.IotHubTime;

import java.time.Instant;

/**
 * One device's part in a job: its status, when it started and ended, and the method's answer or the error.
 * Changed only on the scheduler's thread; {@link #json()} is an immutable snapshot any thread may read (queries
 * over {@code devices.jobs}).
 */
final class DeviceJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    final String deviceId;
    final int position;
    JobStatus status;
    Instant created;
    Instant started;
    Instant ended;
    Instant updated;
    /** {@code {"status":..,"payload":..}} of a method job's device that answered, else null. */
    ObjectNode methodResponse;
    String errorCode;
    String errorDescription;
    private volatile ObjectNode json;

    DeviceJob(String deviceId, int position, Instant created) {
        this.deviceId = deviceId;
        this.position = position;
        this.status = JobStatus.QUEUED;
        this.created = created;
        this.updated = created;
    }

    /** The row as {@code SELECT * FROM devices.jobs} returns it; null keys are left out. */
    ObjectNode json() {
        return json;
    }

    /** Rebuilds {@link #json()} after a change. */
    ObjectNode render(String jobId, JobType type) {
        json = renderedAs(status, updated, jobId, type);
        return json;
    }

    /** The row as it would read with this status, changed at {@code updated}; changes nothing. */
    ObjectNode renderedAs(JobStatus status, Instant updated, String jobId, JobType type) {
        ObjectNode row = JSON.createObjectNode();
        row.put("deviceId", deviceId);
        row.put("jobId", jobId);
        row.put("jobType", type.wireName());
        row.put("status", status.wireName());
        if (started != null) {
            row.put("startTimeUtc", IotHubTime.format(started));
        }
        if (ended != null) {
            row.put("endTimeUtc", IotHubTime.format(ended));
        }
        row.put("createdDateTimeUtc", IotHubTime.format(created));
        row.put("lastUpdatedDateTimeUtc", IotHubTime.format(updated));
        if (methodResponse != null) {
            row.putObject("outcome").set("deviceMethodResponse", methodResponse);
        }
        if (errorCode != null) {
            ObjectNode error = row.putObject("error");
            error.put("code", errorCode);
            error.put("description", errorDescription == null ? "" : errorDescription);
        }
        return row;
    }

    /** A row as stored; the snapshot is the stored JSON itself. */
    static DeviceJob restore(int position, ObjectNode row) {
        DeviceJob d = new DeviceJob(row.path("deviceId").asText(), position, time(row, "createdDateTimeUtc"));
        d.status = JobStatus.fromWireName(row.path("status").asText()).orElse(JobStatus.FAILED);
        d.started = row.has("startTimeUtc") ? time(row, "startTimeUtc") : null;
        d.ended = row.has("endTimeUtc") ? time(row, "endTimeUtc") : null;
        d.updated = time(row, "lastUpdatedDateTimeUtc");
        JsonNode response = row.path("outcome").get("deviceMethodResponse");
        d.methodResponse = response != null && response.isObject() ? (ObjectNode) response : null;
        JsonNode error = row.get("error");
        if (error != null && error.isObject()) {
            d.errorCode = error.path("code").asText();
            d.errorDescription = error.path("description").asText();
        }
        d.json = row;
        return d;
    }

    private static Instant time(ObjectNode row, String field) {
        return IotHubTime.parse(row.path(field).asText(null));
    }
}
