package dev.twinops.hub.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.query.QueryCondition;
import dev.twinops.hub.query.TwinQuery;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import dev.twinops.hub.state.IotHubTime;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A validated {@code PUT /jobs/v2/{jobId}} request: what to do (a direct method or a twin update), on which devices
 * (the WHERE part of a twin query), from when, and for how long at most. Immutable.
 *
 * @param maxExecutionSeconds how long the job may run from its start; IoT Hub's field {@code maxExecutionTimeInSeconds}
 * @param method              the method call of a {@link JobType#SCHEDULE_DEVICE_METHOD} job, else null
 * @param updateTwin          the twin patch of a {@link JobType#SCHEDULE_UPDATE_TWIN} job as sent (null keys
 *                            dropped), else null
 */
public record JobRequest(String jobId, JobType type, QueryCondition queryCondition, Instant startTime,
                         long maxExecutionSeconds, MethodCall method, ObjectNode updateTwin) {

    /** IoT Hub's limit on job ids. */
    public static final int MAX_JOB_ID_LENGTH = 64;
    /** Used when a request leaves maxExecutionTimeInSeconds out or sends 0. */
    public static final long DEFAULT_MAX_EXECUTION_SECONDS = 3600;
    /** Two weeks: a bound that catches unit mistakes (milliseconds sent as seconds). */
    public static final long MAX_EXECUTION_SECONDS_LIMIT = 14L * 24 * 3600;
    static final int MIN_RESPONSE_TIMEOUT = 5;
    static final int MAX_TIMEOUT = 300;
    static final int DEFAULT_RESPONSE_TIMEOUT = 30;
    static final int MAX_PAYLOAD_BYTES = 128 * 1024;
    static final int MAX_METHOD_NAME_LENGTH = 128;

    /** IoT Hub's id characters: ASCII letters, digits and {@code - . + % _ # * ? ! ( ) , : = @ $ '}. */
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9\\-.+%_#*?!(),:=@$']+");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The method a {@code scheduleDeviceMethod} job invokes on every device. */
    public record MethodCall(String methodName, JsonNode payload, int responseTimeoutSeconds, int connectTimeoutSeconds) {
        public MethodCall {
            Objects.requireNonNull(methodName, "methodName");
            payload = payload == null ? NullNode.getInstance() : payload;
        }

        /** {@code {"methodName","payload","responseTimeoutInSeconds","connectTimeoutInSeconds"}}. */
        ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("methodName", methodName);
            node.set("payload", payload);
            node.put("responseTimeoutInSeconds", responseTimeoutSeconds);
            node.put("connectTimeoutInSeconds", connectTimeoutSeconds);
            return node;
        }
    }

    public JobRequest {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(queryCondition, "queryCondition");
        Objects.requireNonNull(startTime, "startTime");
        if ((type == JobType.SCHEDULE_DEVICE_METHOD) != (method != null)
                || (type == JobType.SCHEDULE_UPDATE_TWIN) != (updateTwin != null)) {
            throw new IllegalArgumentException("a " + type.wireName() + " job needs exactly its own operation");
        }
    }

    /**
     * Validates a job request body as IoT Hub does.
     *
     * @param pathJobId the id from the path; the body's {@code jobId}, if any, must be the same
     * @param now       a missing {@code startTime} means now
     * @throws HubException ARGUMENT_INVALID naming the offending field (a bad query condition carries the query
     *                      parser's message and position)
     */
    public static JobRequest parse(String pathJobId, ObjectNode body, Instant now) {
        checkJobId(pathJobId);
        String bodyJobId = optionalString(body, "jobId");
        if (bodyJobId != null && !bodyJobId.equals(pathJobId)) {
            throw invalid("The body's jobId '" + bodyJobId + "' differs from the job id in the path '" + pathJobId + "'");
        }
        String typeName = optionalString(body, "type");
        if (typeName == null) {
            typeName = optionalString(body, "jobType");
        }
        if (typeName == null) {
            throw invalid("The field 'type' is required: scheduleDeviceMethod or scheduleUpdateTwin");
        }
        String typeText = typeName;
        JobType type = JobType.fromWireName(typeName).orElseThrow(() -> invalid("The job type '" + typeText
                + "' is not supported here; use scheduleDeviceMethod or scheduleUpdateTwin"));

        String conditionText = optionalString(body, "queryCondition");
        if (conditionText == null || conditionText.isBlank()) {
            throw invalid("The field 'queryCondition' is required: the WHERE part of a twin query, e.g. "
                    + "\"deviceId IN ['pump-1','pump-2']\" or \"tags.site = 'plant-7'\"");
        }
        if (conditionText.length() > TwinQuery.MAX_QUERY_LENGTH) {
            throw invalid("The queryCondition has " + conditionText.length() + " characters; IoT Hub accepts at most "
                    + TwinQuery.MAX_QUERY_LENGTH);
        }
        QueryCondition condition = QueryCondition.parse(conditionText);

        Instant startTime = parseStartTime(body, now);
        long maxExecution = parseMaxExecution(body);

        MethodCall method = null;
        ObjectNode updateTwin = null;
        if (type == JobType.SCHEDULE_DEVICE_METHOD) {
            if (present(body, "updateTwin")) {
                throw invalid("A scheduleDeviceMethod job cannot carry 'updateTwin'");
            }
            method = parseMethod(requiredObject(body, "cloudToDeviceMethod"));
        } else {
            if (present(body, "cloudToDeviceMethod")) {
                throw invalid("A scheduleUpdateTwin job cannot carry 'cloudToDeviceMethod'");
            }
            updateTwin = parseUpdateTwin(requiredObject(body, "updateTwin"));
        }
        return new JobRequest(pathJobId, type, condition, startTime, maxExecution, method, updateTwin);
    }

    /**
     * @throws HubException ARGUMENT_INVALID for an empty id, one over 64 characters or one with characters IoT Hub
     *                      does not allow
     */
    public static void checkJobId(String jobId) {
        if (jobId == null || jobId.isEmpty()) {
            throw invalid("The job id is empty");
        }
        if (jobId.length() > MAX_JOB_ID_LENGTH) {
            throw invalid("The job id is " + jobId.length() + " characters long; IoT Hub allows at most "
                    + MAX_JOB_ID_LENGTH);
        }
        if (!JOB_ID.matcher(jobId).matches()) {
            throw invalid("The job id '" + jobId + "' has characters IoT Hub does not allow; use ASCII letters, "
                    + "digits and - . + % _ # * ? ! ( ) , : = @ $ '");
        }
    }

    /** The twin patch a twin-update job applies: its {@code tags} and {@code properties.desired}. */
    ObjectNode twinPatch() {
        ObjectNode patch = JSON.createObjectNode();
        JsonNode tags = updateTwin.get("tags");
        if (tags != null && tags.isObject()) {
            patch.set("tags", tags);
        }
        JsonNode desired = updateTwin.path("properties").get("desired");
        if (desired != null && desired.isObject()) {
            patch.putObject("properties").set("desired", desired);
        }
        return patch;
    }

    /** The request's own fields as IoT Hub echoes them in the job: queryCondition, startTime, type, the operation. */
    void writeTo(ObjectNode job) {
        job.put("queryCondition", queryCondition.text());
        job.put("startTime", IotHubTime.format(startTime));
        job.put("maxExecutionTimeInSeconds", maxExecutionSeconds);
        job.put("type", type.wireName());
        if (method != null) {
            job.set("cloudToDeviceMethod", method.toJson());
        } else {
            job.set("updateTwin", updateTwin.deepCopy());
        }
    }

    private static MethodCall parseMethod(ObjectNode node) {
        String name = optionalString(node, "methodName");
        if (name == null || name.isEmpty()) {
            throw invalid("The field 'cloudToDeviceMethod.methodName' is required");
        }
        if (name.length() > MAX_METHOD_NAME_LENGTH) {
            throw invalid("The method name is " + name.length() + " characters; the limit is " + MAX_METHOD_NAME_LENGTH);
        }
        int responseTimeout = optionalInt(node, "responseTimeoutInSeconds", DEFAULT_RESPONSE_TIMEOUT);
        if (responseTimeout == 0) {
            responseTimeout = DEFAULT_RESPONSE_TIMEOUT; // the service SDK leaves 0 out; IoT Hub's default applies
        }
        if (responseTimeout < MIN_RESPONSE_TIMEOUT || responseTimeout > MAX_TIMEOUT) {
            throw invalid("cloudToDeviceMethod.responseTimeoutInSeconds is " + responseTimeout
                    + "; it must be between " + MIN_RESPONSE_TIMEOUT + " and " + MAX_TIMEOUT);
        }
        int connectTimeout = optionalInt(node, "connectTimeoutInSeconds", 0);
        if (connectTimeout < 0 || connectTimeout > MAX_TIMEOUT) {
            throw invalid("cloudToDeviceMethod.connectTimeoutInSeconds is " + connectTimeout
                    + "; it must be between 0 and " + MAX_TIMEOUT);
        }
        JsonNode payload = node.has("payload") ? node.get("payload") : NullNode.getInstance();
        int payloadBytes;
        try {
            payloadBytes = JSON.writeValueAsBytes(payload).length;
        } catch (JsonProcessingException e) {
            throw invalid("The method payload cannot be serialised");
        }
        if (payloadBytes > MAX_PAYLOAD_BYTES) {
            throw invalid("The method payload is " + payloadBytes + " bytes; the limit is " + MAX_PAYLOAD_BYTES
                    + " bytes (128 KB)");
        }
        return new MethodCall(name, payload, responseTimeout, connectTimeout);
    }

    private static ObjectNode parseUpdateTwin(ObjectNode node) {
        ObjectNode copy = node.deepCopy();
        // the service SDK serialises unset fields as null; they mean nothing and must not be echoed back
        for (Iterator<Map.Entry<String, JsonNode>> it = copy.fields(); it.hasNext(); ) {
            if (it.next().getValue().isNull()) {
                it.remove();
            }
        }
        String etag = optionalString(copy, "etag");
        if (etag != null && !etag.equals("*")) {
            throw invalid("updateTwin.etag is '" + etag + "'; a job updates many twins, so only '*' is accepted");
        }
        JsonNode tags = copy.get("tags");
        if (tags != null && !tags.isObject()) {
            throw invalid("updateTwin.tags must be a JSON object");
        }
        JsonNode properties = copy.get("properties");
        if (properties != null && !properties.isObject()) {
            throw invalid("updateTwin.properties must be a JSON object");
        }
        JsonNode desired = properties == null ? null : properties.get("desired");
        if (desired != null && !desired.isNull() && !desired.isObject()) {
            throw invalid("updateTwin.properties.desired must be a JSON object");
        }
        JsonNode reported = properties == null ? null : properties.get("reported");
        if (reported != null && !reported.isNull() && (!reported.isObject() || hasUserProperties(reported))) {
            throw invalid("updateTwin.properties.reported cannot be set by a job: only devices report properties");
        }
        boolean hasTags = tags != null && !tags.isEmpty();
        boolean hasDesired = desired != null && desired.isObject() && hasUserProperties(desired);
        if (!hasTags && !hasDesired) {
            throw invalid("updateTwin changes nothing: set tags or properties.desired");
        }
        return copy;
    }

    /** Whether a twin section has properties besides $metadata and $version. */
    private static boolean hasUserProperties(JsonNode section) {
        for (Iterator<String> it = section.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("$metadata") && !name.equals("$version")) {
                return true;
            }
        }
        return false;
    }

    private static Instant parseStartTime(ObjectNode body, Instant now) {
        String text = optionalString(body, "startTime");
        if (text == null || text.isBlank()) {
            return now;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text.trim()).toInstant();
            } catch (DateTimeParseException e2) {
                throw invalid("startTime '" + text + "' is not an ISO-8601 UTC time such as 2026-01-01T08:00:00Z");
            }
        }
    }

    private static long parseMaxExecution(ObjectNode body) {
        JsonNode v = body.get("maxExecutionTimeInSeconds");
        if (v == null || v.isNull()) {
            return DEFAULT_MAX_EXECUTION_SECONDS;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw invalid("maxExecutionTimeInSeconds must be a whole number of seconds, not " + v);
        }
        long value = v.longValue();
        if (value < 0) {
            throw invalid("maxExecutionTimeInSeconds is " + value + "; it cannot be negative");
        }
        if (value > MAX_EXECUTION_SECONDS_LIMIT) {
            throw invalid("maxExecutionTimeInSeconds is " + value + "; the hub allows at most "
                    + MAX_EXECUTION_SECONDS_LIMIT + " (14 days)");
        }
        return value == 0 ? DEFAULT_MAX_EXECUTION_SECONDS : value;
    }

    private static boolean present(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    private static String optionalString(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid("The field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static int optionalInt(ObjectNode node, String field, int defaultValue) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw invalid("The field '" + field + "' must be a whole number, not " + v);
        }
        return v.intValue();
    }

    private static ObjectNode requiredObject(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw invalid("The field '" + field + "' is required for this job type");
        }
        if (!v.isObject()) {
            throw invalid("The field '" + field + "' must be a JSON object");
        }
        return (ObjectNode) v;
    }

    private static HubException invalid(String message) {
        return new HubException(HubError.ARGUMENT_INVALID, message);
    }
}
