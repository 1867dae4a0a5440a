package dev.twinops.rollout.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException;
import com.microsoft.azure.sdk.iot.service.jobs.DirectMethodsJobOptions;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import dev.twinops.rollout.json.RolloutJson;
import dev.twinops.rollout.plan.OperationType;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollout hub on the official service SDK: twin queries through {@link QueryClient#queryRaw} (projections,
 * aggregates and {@code devices.jobs} rows, which the 2.1.9 typed parsers cannot all read), jobs through
 * {@link ScheduledJobsClient}. Every page of every query is counted.
 */
public final class SdkRolloutHub implements RolloutHub {

    private static final int PAGE_SIZE = 1000;

    /** Runs a query through all its pages. */
    interface QueryRunner {
        List<JsonNode> run(String query) throws HubCallException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SdkRolloutHub.class);

    private final String hostName;
    private final QueryRunner queries;
    private final ScheduledJobsClient jobs;
    private final ServiceCredential credential;
    private final AtomicLong queriesUsed = new AtomicLong();
    private volatile boolean statusTimes = true;

    public SdkRolloutHub(String hostName, QueryClient queries, ScheduledJobsClient jobs) {
        this(hostName, queries, jobs, null);
    }

    private SdkRolloutHub(String hostName, QueryClient queries, ScheduledJobsClient jobs,
                          ServiceCredential credential) {
        this.hostName = Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(queries, "queries");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.credential = credential;
        this.queries = text -> pagedQuery(queries, text);
    }

    /** For tests: queries answered by {@code queries}. */
    SdkRolloutHub(String hostName, QueryRunner queries, ScheduledJobsClient jobs) {
        this.hostName = hostName;
        this.queries = queries;
        this.jobs = jobs;
        this.credential = null;
    }

    /**
     * Clients for a hub reached at {@code serviceEndpoint} ({@code host[:port]}; for Azure the connection
     * string's host name) with a service connection string; the SAS token is renewed as it nears expiry.
     */
    public static SdkRolloutHub connect(String serviceEndpoint, String serviceConnectionString, Clock clock) {
        ServiceCredential credential = new ServiceCredential(serviceConnectionString, clock);
        return new SdkRolloutHub(credential.hostName(), new QueryClient(serviceEndpoint, credential.credential()),
                new ScheduledJobsClient(serviceEndpoint, credential.credential()), credential);
    }

    @Override
    public String hostName() {
        return hostName;
    }

    @Override
    public long queriesUsed() {
        return queriesUsed.get();
    }

    @Override
    public long countDevices(DeviceSelection selection) throws HubCallException {
        List<JsonNode> rows = query(RolloutQueries.countQuery(selection));
        return rows.isEmpty() ? 0 : rows.get(0).path("n").asLong();
    }

    @Override
    public List<DeviceSnapshot> listDevices(DeviceSelection selection) throws HubCallException {
        List<DeviceSnapshot> out = new ArrayList<>();
        for (JsonNode row : query(RolloutQueries.membersQuery(selection))) {
            if (row.hasNonNull("deviceId")) {
                JsonNode batch = row.get("batch");
                out.add(new DeviceSnapshot(row.get("deviceId").asText(), text(row, "connectionState"),
                        text(row, "firmwareVersion"), batch != null && batch.isNumber() ? batch.asInt() : null));
            }
        }
        return out;
    }

    @Override
    public void scheduleTagJob(String jobId, DeviceSelection selection, WaveTag tag, Duration maxExecution)
            throws HubCallException {
        Twin update = new Twin();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", tag.rolloutId());
        value.put("wave", tag.wave());
        value.put("batch", tag.batch());
        update.getTags().put(WaveTag.TAG, value);
        call(() -> jobs.scheduleUpdateTwin(jobId, RolloutQueries.condition(selection), update, new Date(),
                maxExecution.toSeconds()));
    }

    @Override
    public void scheduleMethodJob(String jobId, DeviceSelection selection, MethodCall method, Duration maxExecution)
            throws HubCallException {
        DirectMethodsJobOptions options = DirectMethodsJobOptions.builder()
                .payload(RolloutJson.mapper().convertValue(method.payload(), Object.class))
                .methodResponseTimeoutSeconds(method.responseTimeoutSeconds())
                .methodConnectTimeoutSeconds(method.connectTimeoutSeconds())
                .maxExecutionTimeSeconds((int) Math.min(Integer.MAX_VALUE, maxExecution.toSeconds()))
                .build();
        call(() -> jobs.scheduleDirectMethod(jobId, RolloutQueries.condition(selection), method.methodName(),
                new Date(), options));
    }

    @Override
    public JobProgress jobProgress(String jobId) throws HubCallException {
        ScheduledJob job = call(() -> jobs.get(jobId));
        JobProgress.Status status = switch (job.getJobStatus() == null ? "unknown" : job.getJobStatus().name()) {
            case "scheduled" -> JobProgress.Status.SCHEDULED;
            case "queued", "enqueued" -> JobProgress.Status.QUEUED;
            case "running" -> JobProgress.Status.RUNNING;
            case "completed" -> JobProgress.Status.COMPLETED;
            case "failed" -> JobProgress.Status.FAILED;
            case "cancelled" -> JobProgress.Status.CANCELLED;
            default -> JobProgress.Status.UNKNOWN;
        };
        return new JobProgress(jobId, status, job.getFailureReason());
    }

    @Override
    public List<JobDeviceOutcome> jobOutcomes(String jobId) throws HubCallException {
        List<JobDeviceOutcome> out = new ArrayList<>();
        for (JsonNode row : query("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = "
                + RolloutQueries.quote(jobId))) {
            if (!row.hasNonNull("deviceId")) {
                continue;
            }
            JsonNode response = row.path("outcome").path("deviceMethodResponse");
            JsonNode status = response.path("status");
            JsonNode payload = response.get("payload");
            JsonNode error = row.get("error");
            out.add(new JobDeviceOutcome(row.get("deviceId").asText(), text(row, "status"),
                    status.canConvertToInt() ? status.asInt() : null, payload == null ? null : payload.toString(),
                    error != null && error.isObject() ? text(error, "code") : null,
                    error != null && error.isObject() ? text(error, "description") : null));
        }
        return out;
    }

    @Override
    public void cancelJob(String jobId) throws HubCallException {
        call(() -> jobs.cancel(jobId));
    }

    @Override
    public List<StatusCount> statusCounts(String rolloutId, int wave, OperationType operation)
            throws HubCallException {
        List<StatusCount> out = new ArrayList<>();
        for (JsonNode row : query(RolloutQueries.aggregateQuery(rolloutId, wave, operation))) {
            out.add(new StatusCount(text(row, "s"), row.path("n").asLong()));
        }
        return out;
    }

    @Override
    public List<DeviceReading> readDevices(DeviceSelection.Wave selection, OperationType operation)
            throws HubCallException {
        List<DeviceReading> out = new ArrayList<>();
        for (JsonNode row : detailRows(selection, operation)) {
            if (!row.hasNonNull("deviceId")) {
                continue;
            }
            JsonNode section = row.get("section");
            out.add(new DeviceReading(row.get("deviceId").asText(), text(row, "connectionState"),
                    text(row, "firmwareVersion"), section != null && section.isObject() ? section : null,
                    instant(text(row, "statusAt"))));
        }
        return out;
    }

    /**
     * The detail rows with each status's {@code $lastUpdated}; a hub that refuses {@code $metadata} in a projection
     * is asked without it from then on (phase times then come from when the engine saw each change).
     */
    private List<JsonNode> detailRows(DeviceSelection.Wave selection, OperationType operation)
            throws HubCallException {
        if (statusTimes) {
            try {
                return query(RolloutQueries.detailQuery(selection, operation, true));
            } catch (HubCallException e) {
                if (e.kind() != HubCallException.Kind.BAD_REQUEST) {
                    throw e;
                }
                statusTimes = false;
                LOG.warn("The hub refused the progress query with $metadata ({}); asking without it, so phase times "
                        + "are the times changes were seen", e.getMessage());
            }
        }
        return query(RolloutQueries.detailQuery(selection, operation, false));
    }

    private List<JsonNode> query(String text) throws HubCallException {
        return queries.run(text);
    }

    /** Runs a query through every page, counting each page as the hub does. */
    private List<JsonNode> pagedQuery(QueryClient client, String text) throws HubCallException {
        List<JsonNode> rows = new ArrayList<>();
        call(() -> {
            QueryPageOptions options = QueryPageOptions.builder().pageSize(PAGE_SIZE).build();
            RawQueryResponse response = client.queryRaw(text, options);
            queriesUsed.incrementAndGet();
            while (response.hasNext()) {
                String token = response.getContinuationToken();
                String row = response.next(options);
                if (!Objects.equals(token, response.getContinuationToken())) {
                    queriesUsed.incrementAndGet(); // the SDK fetched the next page
                }
                try {
                    rows.add(RolloutJson.mapper().readTree(row));
                } catch (JsonProcessingException e) {
                    throw new IOException("the hub returned a row that is not JSON", e);
                }
            }
            return null;
        });
        return rows;
    }

    private interface HubCall<T> {
        T run() throws IOException, IotHubException;
    }

    private <T> T call(HubCall<T> call) throws HubCallException {
        if (credential != null) {
            credential.renewIfDue();
        }
        try {
            return call.run();
        } catch (IotHubTooManyRequestsException e) {
            throw new HubCallException(HubCallException.Kind.THROTTLED, "the hub throttles (429): " + e.getMessage(),
                    e);
        } catch (IotHubConflictException e) {
            throw new HubCallException(HubCallException.Kind.CONFLICT, e.getMessage(), e);
        } catch (IotHubNotFoundException e) {
            throw new HubCallException(HubCallException.Kind.NOT_FOUND, e.getMessage(), e);
        } catch (IotHubBadFormatException e) {
            throw new HubCallException(HubCallException.Kind.BAD_REQUEST, "the hub refused the request: "
                    + e.getMessage(), e);
        } catch (IotHubException e) {
            throw new HubCallException(HubCallException.Kind.OTHER, "the hub answered with an error ("
                    + e.getErrorCode() + "): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new HubCallException(HubCallException.Kind.OTHER, "the hub could not be reached: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
    }

    private static String text(JsonNode row, String field) {
        JsonNode n = row.get(field);
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
