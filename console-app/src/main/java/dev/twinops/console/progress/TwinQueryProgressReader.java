package dev.twinops.console.progress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.service.jobs.JobStatistics;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;

import dev.twinops.console.devices.DeviceQuery;
import dev.twinops.console.devices.DeviceSnapshotReader;
import dev.twinops.console.jobs.JobDeviceResult;
import dev.twinops.console.jobs.JobsService;
import dev.twinops.console.jobs.SdkJobsService;
import dev.twinops.console.operations.DeviceTargets;
import dev.twinops.dm.reported.ReportedDeviceState;
import dev.twinops.dm.reported.ReportedPatches;

/**
 * Progress through the service SDK: {@code SELECT <the fields progress needs> FROM devices WHERE deviceId IN [...]}
 * in chunks, {@code devices.jobs} rows through {@code queryRaw} (the 2.1.9 job-row parser throws on rows real IoT
 * Hub sends), and the job itself. The projection keeps what the row and the judge need (connection state, status,
 * last activity, tags, the reported firmware version and {@code iothubDM}) and leaves out the rest of the twin,
 * above all its {@code $metadata}, which is most of a twin's size: a round over 1,000 devices every second is
 * work for the hub, the network and the console alike.
 */
public final class TwinQueryProgressReader implements ProgressReader {

    /** Ids per IN list: keeps each query short; a round over 1,000 devices is ten queries. */
    public static final int DEFAULT_IDS_PER_QUERY = 100;

    /** A row's fields plus the device-management state the judge reads. */
    public static final String PROJECTION = "SELECT " + DeviceQuery.ROW_FIELDS
            + ", properties.reported.iothubDM AS iothubDM FROM devices WHERE ";

    private final QueryClient queries;
    private final ScheduledJobsClient jobs;
    private final JobsService jobRows;
    private final int idsPerQuery;
    private final DeviceSnapshotReader snapshots = new DeviceSnapshotReader();
    private final ObjectMapper mapper = new ObjectMapper();

    public TwinQueryProgressReader(QueryClient queries, ScheduledJobsClient jobs, int idsPerQuery) {
        if (idsPerQuery < 1 || idsPerQuery > 1000) {
            throw new IllegalArgumentException("ids per query must be 1..1000, not " + idsPerQuery);
        }
        this.queries = queries;
        this.jobs = jobs;
        this.jobRows = new SdkJobsService(jobs, queries);
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
            RawQueryResponse response = queries.queryRaw(PROJECTION + DeviceTargets.inCondition(chunk), options);
            while (response.hasNext()) {
                JsonNode row = mapper.readTree(response.next(options));
                if (row.hasNonNull("deviceId") && row.isObject()) {
                    reports.add(report((ObjectNode) row));
                }
            }
        }
        return reports;
    }

    /** The row's fields, and the projected reported properties as the reported-state reader knows them. */
    private DeviceReport report(ObjectNode row) {
        ObjectNode reported = mapper.createObjectNode();
        for (String name : List.of(ReportedPatches.FIRMWARE_VERSION, "iothubDM")) {
            if (row.has(name)) {
                reported.set(name, row.get(name));
            }
        }
        return new DeviceReport(snapshots.read(row), ReportedDeviceState.fromJson(reported.toString()));
    }

    @Override
    public List<JobDeviceResult> readJobDevices(String jobId) throws Exception {
        return jobRows.deviceResults(jobId);
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
