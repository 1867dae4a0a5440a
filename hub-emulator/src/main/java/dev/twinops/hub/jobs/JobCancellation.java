package dev.twinops.hub.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Cancelling a job durably: the job as it will be once cancelled is stored first, and only then is it cancelled in
 * memory, so a cancellation the store refuses leaves the job going on, on disk and in memory alike. Meanwhile
 * {@link Job#cancellation} is set and the scheduler starts none of its devices (its start and deadline wait too),
 * so what was stored is still what the job becomes.
 */
final class JobCancellation {
    private static final Logger LOG = LoggerFactory.getLogger(JobCancellation.class);

    private JobCancellation() {
    }

    /**
     * Scheduler thread. Completes (on {@code schedulerThread}) with the cancelled job's JSON, or fails with
     * SERVER_ERROR after {@code resume} was run if the cancellation could not be stored.
     */
    static CompletableFuture<ObjectNode> start(Job job, Instant now, JobDatabase database, Executor schedulerThread,
                                               Runnable resume) {
        List<DeviceJob> queued = job.devicesIn(JobStatus.QUEUED);
        List<ObjectNode> rows = queued.stream()
                .map(device -> device.renderedAs(JobStatus.CANCELLED, now, job.jobId, job.type)).toList();
        job.cancellation = database.putJobAndRowDocuments(job, job.toJsonCancelledAt(now), queued, rows)
                .handleAsync((ignored, failure) -> {
                    job.cancellation = null;
                    if (failure != null) {
                        LOG.error("Job {}: the cancellation could not be stored; the job goes on", job.jobId, failure);
                        resume.run();
                        throw new HubException(HubError.SERVER_ERROR, "The cancellation could not be stored, so the"
                                + " job goes on: " + failure.getMessage());
                    }
                    List<DeviceJob> notRun = job.cancel(now);
                    LOG.info("Job {} cancelled: {} devices not run, {} under way", job.jobId, notRun.size(),
                            job.inFlight);
                    database.putJob(job); // what is stored says so already; this brings its statistics up to date
                    return job.toJson();
                }, schedulerThread);
        return job.cancellation;
    }
}
