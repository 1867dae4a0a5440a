package dev.twinops.console.progress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.jobs.JobStatistics;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;

import dev.twinops.console.devices.DeviceSnapshotReader;
import dev.twinops.console.operations.DeviceTargets;
import dev.twinops.dm.reported.ReportedDeviceState;

/**
 * Progress through the service SDK: {@code SELECT * FROM devices WHERE deviceId IN [...]} in chunks (the whole
 * twin, so the row's connection state and firmware column follow too), {@code devices.jobs} rows through
 * {@code queryRaw} (the 2.1.9 job-row parser throws on rows real IoT Hub sends), and the job itself.
 */
public final class TwinQueryProgressReader implements ProgressReader {

    /** Ids per IN list: keeps each query short; a round over 1,000 devices is ten queries. */
    public static final int DEFAULT_IDS_PER_QUERY = 100;

    private final QueryClient queries;
    private final ScheduledJobsClient jobs;
    private final int idsPerQuery;
    private final DeviceSnapshotReader snapshots = new DeviceSnapshotReader();
    private final ObjectMapper mapper = new ObjectMapper();

    public TwinQueryProgressReader(QueryClient queries, ScheduledJobsClient jobs, int idsPerQuery) {
        if (idsPerQuery < 1 || idsPerQuery > 1000) {
            throw new IllegalArgumentException("ids per query must be 1..1000, not " + idsPerQuery);
        }
        this.queries = queries;
        this.jobs = jobs;
        this.idsPerQuery = idsPerQuery;
    }

    @Override
    public int queriesFor(int deviceCount) {
        return (deviceCount + idsPerQuery - 1) / idsPerQuery;
    }

    @Override
    public List<DeviceReport> readDevices(Collection<String> deviceIds) throws Exception {
        List<String> ids = List.copyOf(deviceIds);
        List<DeviceReport> reports = new ArrayList<>(ids.size());
        QueryPageOptions options = QueryPageOptions.builder().pageSize(1000).build();
        for (int from = 0; from < ids.size(); from += idsPerQuery) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + idsPerQuery));
            RawQueryResponse response = queries.queryRaw("SELECT * FROM devices WHERE "
                    + DeviceTargets.inCondition(chunk), options);
            while (response.hasNext()) {
                JsonNode twin = mapper.readTree(response.next(options));
                if (!twin.hasNonNull("deviceId")) {
                    continue;
                }
                JsonNode reported = twin.path("properties").path("reported");
                reports.add(new DeviceReport(snapshots.read(twin),
                        ReportedDeviceState.fromJson(reported.isObject() ? reported.toString() : null)));
            }
        }
        return reports;
    }

    @Override
    public List<JobDeviceResult> readJobDevices(String jobId) throws Exception {
        return JobDeviceResult.queryJob(queries, jobId);
    }

    @Override
    public JobState readJob(String jobId) throws Exception {
        ScheduledJob job = jobs.get(jobId);
        JobStatistics stats = job.getJobStatistics();
        return new JobState(jobId, job.getJobStatus() == null ? "unknown" : job.getJobStatus().name(),
                stats == null ? 0 : stats.getDeviceCount(), stats == null ? 0 : stats.getSucceededCount(),
                stats == null ? 0 : stats.getFailedCount(), stats == null ? 0 : stats.getRunningCount(),
                stats == null ? 0 : stats.getPendingCount(), job.getFailureReason());
    }
}
