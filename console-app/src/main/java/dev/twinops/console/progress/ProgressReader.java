package dev.twinops.console.progress;

import java.util.Collection;
import java.util.List;

import dev.twinops.console.jobs.JobDeviceResult;

/** Where progress comes from. Every method blocks (hub calls): call them off the FX thread. */
public interface ProgressReader {

    /** Device twins with an operation in flight. Every query counts against the hub's query budget. */
    List<DeviceReport> readDevices(Collection<String> deviceIds) throws Exception;

    /** How many queries {@link #readDevices} needs for this many devices. */
    int queriesFor(int deviceCount);

    /** A job's per-device rows ({@code devices.jobs}); one query. */
    List<JobDeviceResult> readJobDevices(String jobId) throws Exception;

    /** A job's status and statistics (a job operation, not a query). */
    JobState readJob(String jobId) throws Exception;
}
