package dev.twinops.console.jobs;

import java.util.List;

/** Jobs on the hub. Every method blocks: call it off the FX thread. */
public interface JobsService {

    /** Every job the hub keeps (IoT Hub: 30 days of history), newest first. */
    List<JobInfo> listJobs() throws Exception;

    /** A job's per-device rows. */
    List<JobDeviceResult> deviceResults(String jobId) throws Exception;

    /** Cancels a job; devices not yet called are not called. */
    JobInfo cancel(String jobId) throws Exception;
}
