package dev.twinops.hub.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.auth.Permission;
import dev.twinops.hub.http.RouteTable;
import dev.twinops.hub.http.ServiceRequest;
import dev.twinops.hub.http.ServiceResponse;
import dev.twinops.hub.http.ServiceRoutes;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import io.netty.handler.codec.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * IoT Hub's jobs API on the service endpoint, as the service SDK's {@code ScheduledJobsClient} calls it:
 * {@code PUT /jobs/v2/{jobId}} (create), {@code GET /jobs/v2/{jobId}}, {@code POST /jobs/v2/{jobId}/cancel} and
 * {@code GET /jobs/v2/query?jobType=&jobStatus=}. The list is what IoT Hub serves: a bare JSON array of jobs with
 * {@code x-ms-item-type: JobResponse}, paged with {@code x-ms-max-item-count} and {@code x-ms-continuation} (the
 * header is sent only when more jobs follow). Every hand-written service SDK reads that shape (Java 2.1.9 parses the
 * body as an array, Java 1.x also insisted on the item type, .NET parses the item type case-sensitively into its
 * {@code QueryResultType.JobResponse} and the continuation from the header, Node reads the header); the REST
 * reference's {@code QueryResult} object is a leftover of the 2016 preview API, which the clients generated from
 * it trip over (the Azure CLI's IoT extension patches its copy to read an array). Per-device rows are queried with
 * {@code SELECT * FROM devices.jobs} through {@code POST /devices/query}, fed by {@link JobScheduler#deviceJobRows()}.
 */
public final class JobRoutes implements ServiceRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MAX_ITEM_COUNT = "x-ms-max-item-count";
    static final String CONTINUATION = "x-ms-continuation";
    static final String ITEM_TYPE = "x-ms-item-type";
    static final String JOB_ITEM_TYPE = "JobResponse";
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;
    private static final String TOKEN_PREFIX = "jobs:";
    /** IoT Hub's other job types (import/export jobs) and statuses: valid filters that list no scheduled job here. */
    private static final Set<String> OTHER_TYPES = Set.of("export", "import", "unknown");
    private static final Set<String> OTHER_STATUSES = Set.of("enqueued", "unknown");

    private final JobScheduler scheduler;
    private final Clock clock;

    public JobRoutes(JobScheduler scheduler) {
        this(scheduler, Clock.systemUTC());
    }

    JobRoutes(JobScheduler scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public void registerWith(RouteTable routes) {
        Set<Permission> read = Set.of(Permission.REGISTRY_READ, Permission.SERVICE_CONNECT);
        Set<Permission> write = Set.of(Permission.SERVICE_CONNECT);
        routes.add(HttpMethod.PUT, "/jobs/v2/{jobId}", write, this::create);
        routes.add(HttpMethod.GET, "/jobs/v2/{jobId}", read, request ->
                scheduler.job(checkedId(request)).thenApply(ServiceResponse::ok));
        routes.add(HttpMethod.POST, "/jobs/v2/{jobId}/cancel", write, request ->
                scheduler.cancel(checkedId(request)).thenApply(ServiceResponse::ok));
        routes.add(HttpMethod.GET, "/jobs/v2/query", read, this::list);
    }

    private CompletableFuture<ServiceResponse> create(ServiceRequest request) {
        String jobId = request.pathParameter("jobId");
        JobRequest job = JobRequest.parse(jobId, request.jsonObjectBody(), clock.instant());
        return scheduler.schedule(job).thenApply(ServiceResponse::ok);
    }

    private CompletableFuture<ServiceResponse> list(ServiceRequest request) {
        String typeName = request.queryParameter("jobType").filter(s -> !s.isBlank()).orElse(null);
        String statusName = request.queryParameter("jobStatus").filter(s -> !s.isBlank()).orElse(null);
        JobType type = typeName == null ? null : ignoringCase(JobType.values(), JobType::wireName, typeName).orElse(null);
        JobStatus status = statusName == null ? null
                : ignoringCase(JobStatus.values(), JobStatus::wireName, statusName).orElse(null);
        if (typeName != null && type == null && !OTHER_TYPES.contains(typeName.toLowerCase(Locale.ROOT))) {
            throw invalid("jobType '" + typeName + "' is not a job type; use scheduleDeviceMethod or scheduleUpdateTwin");
        }
        if (statusName != null && status == null && !OTHER_STATUSES.contains(statusName.toLowerCase(Locale.ROOT))) {
            throw invalid("jobStatus '" + statusName + "' is not a job status; use queued, scheduled, running, "
                    + "completed, failed or cancelled");
        }
        boolean listsNothing = (typeName != null && type == null) || (statusName != null && status == null);
        int pageSize = pageSize(request.header(MAX_ITEM_COUNT));
        int offset = offset(request.header(CONTINUATION));
        CompletableFuture<List<ObjectNode>> listed = listsNothing
                ? CompletableFuture.completedFuture(List.of()) : scheduler.jobs(type, status);
        return listed.thenApply(jobs -> {
            int from = Math.min(offset, jobs.size());
            int to = (int) Math.min((long) from + pageSize, jobs.size());
            ArrayNode page = JSON.createArrayNode();
            for (ObjectNode job : jobs.subList(from, to)) {
                page.add(job);
            }
            ServiceResponse response = ServiceResponse.ok(page).withHeader(ITEM_TYPE, JOB_ITEM_TYPE);
            return to < jobs.size() ? response.withHeader(CONTINUATION, token(to)) : response;
        });
    }

    /**
     * The .NET SDK filters with its enum names ({@code ScheduleDeviceMethod}, {@code Completed}), the others with the
     * wire names: IoT Hub must compare them ignoring case.
     */
    private static <T> Optional<T> ignoringCase(T[] values, Function<T, String> wireName, String name) {
        for (T value : values) {
            if (wireName.apply(value).equalsIgnoreCase(name)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static String checkedId(ServiceRequest request) {
        String jobId = request.pathParameter("jobId");
        JobRequest.checkJobId(jobId);
        return jobId;
    }

    static int pageSize(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int value = Integer.parseInt(header.trim());
            if (value < 1) {
                throw invalid("The x-ms-max-item-count header must be at least 1, not " + value);
            }
            return Math.min(value, MAX_PAGE_SIZE);
        } catch (NumberFormatException e) {
            throw invalid("The x-ms-max-item-count header '" + header + "' is not a whole number");
        }
    }

    static String token(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((TOKEN_PREFIX + offset).getBytes(StandardCharsets.US_ASCII));
    }

    static int offset(String token) {
        if (token == null || token.isBlank()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.US_ASCII);
            if (text.startsWith(TOKEN_PREFIX)) {
                int offset = Integer.parseInt(text.substring(TOKEN_PREFIX.length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw invalid("The x-ms-continuation token is not one this hub issued for a job list");
    }

    private static HubException invalid(String message) {
        return new HubException(HubError.ARGUMENT_INVALID, message);
    }
}
