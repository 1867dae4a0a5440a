package dev.twinops.console.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.jobs.JobStatistics;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobType;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.query.JobQueryResponse;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;

import dev.twinops.console.operations.DeviceTargets;

/**
 * Jobs through the service SDK: the list ({@code GET /jobs/v2/query}) and cancel with {@link ScheduledJobsClient},
 * per-device rows with {@code SELECT * FROM devices.jobs} through {@link QueryClient#queryRaw}, because the 2.1.9
 * SDK's job-row parser throws on rows real IoT Hub sends (an outcome without a method).
 */
public final class SdkJobsService implements JobsService {

    private final ScheduledJobsClient jobs;
    private final QueryClient queries;

    private final ObjectMapper mapper = new ObjectMapper();

    public SdkJobsService(ScheduledJobsClient jobs, QueryClient queries) {
        this.jobs = jobs;
        this.queries = queries;
    }

    @Override
    public List<JobInfo> listJobs() throws Exception {
        JobQueryResponse response = jobs.query(null, null, QueryPageOptions.builder().pageSize(100).build());
        List<JobInfo> list = new ArrayList<>();
        while (response.hasNext()) {
            list.add(info(response.next()));
        }
        list.sort(Comparator.comparing(JobInfo::created, Comparator.nullsLast(Comparator.reverseOrder())));
        return list;
    }

    @Override
    public List<JobDeviceResult> deviceResults(String jobId) throws Exception {
        QueryPageOptions options = QueryPageOptions.builder().pageSize(1000).build();
        RawQueryResponse response = queries.queryRaw("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = "
                + DeviceTargets.quote(jobId), options);
        List<JobDeviceResult> rows = new ArrayList<>();
        while (response.hasNext()) {
            JsonNode row = mapper.readTree(response.next(options));
            if (row.hasNonNull("deviceId")) {
                rows.add(JobDeviceResult.fromRow(row));
            }
        }
        return rows;
    }

    @Override
    public JobInfo cancel(String jobId) throws Exception {
        return info(jobs.cancel(jobId));
    }

    static JobInfo info(ScheduledJob job) {
        JobStatistics stats = job.getJobStatistics();
        String operation = job.getJobType() == ScheduledJobType.scheduleUpdateTwin ? "twin update" : methodName(job);
        return new JobInfo(job.getJobId(), job.getJobType() == null ? "" : job.getJobType().name(),
                job.getJobStatus() == null ? "unknown" : job.getJobStatus().name(), operation, job.getQueryCondition(),
                instant(job.getCreatedTime()), instant(job.getStartTime()), instant(job.getEndTime()),
                stats == null ? 0 : stats.getDeviceCount(), stats == null ? 0 : stats.getSucceededCount(),
                stats == null ? 0 : stats.getFailedCount(), stats == null ? 0 : stats.getRunningCount(),
                stats == null ? 0 : stats.getPendingCount(), job.getFailureReason());
    }

    private static String methodName(ScheduledJob job) {
        String method = job.getCloudToDeviceMethod();
        if (method == null) {
            return "";
        }
        try {
            return new ObjectMapper().readTree(method).path("methodName").asText("");
        } catch (Exception e) {
            return "";
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
