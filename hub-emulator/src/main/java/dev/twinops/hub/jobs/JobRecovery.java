package dev.twinops.hub.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.state.HubException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a restart makes of the jobs in {@code jobs.db}. Each job is read back with its device rows; finished jobs stay
 * for their {@link JobScheduler#HISTORY} and older ones are dropped, as are unreadable ones; a job whose request this
 * build cannot parse any more fails; the others are handed back to be started or resumed. For a job that was
 * running, {@link #settleInterrupted} decides what becomes of the device operations the stop cut short.
 */
final class JobRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(JobRecovery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param jobs         every job kept, in creation order
     * @param unfinished   those to start or resume (scheduled, queued or running)
     * @param nextSequence the creation sequence number for the next new job
     */
    record Recovered(List<Job> jobs, List<Job> unfinished, long nextSequence) {
    }

    private JobRecovery() {
    }

    /** Reads the store and settles what it holds; call before anything else writes to it. */
    static Recovered recover(JobDatabase database, Instant now) {
        JobDatabase.Contents contents = database.load();
        List<Job> kept = new ArrayList<>();
        List<Job> unfinished = new ArrayList<>();
        long nextSequence = 1;
        for (JobDatabase.StoredJob stored : contents.jobs()) {
            nextSequence = Math.max(nextSequence, stored.sequence() + 1);
            ObjectNode body;
            try {
                body = (ObjectNode) JSON.readTree(stored.body());
            } catch (JsonProcessingException | ClassCastException e) {
                LOG.error("Job {} in {} is unreadable and is dropped: {}", stored.jobId(), database.file(), e.getMessage());
                database.deleteJob(stored.jobId());
                continue;
            }
            Job job = Job.restore(stored.sequence(), body, rows(stored.jobId(),
                    contents.rows().getOrDefault(stored.jobId(), List.of())));
            if (job.status.isTerminal()) {
                if (job.endTime != null && job.endTime.isBefore(now.minus(JobScheduler.HISTORY))) {
                    database.deleteJob(job.jobId);
                } else {
                    kept.add(job);
                }
                continue;
            }
            kept.add(job);
            try {
                job.request = JobRequest.parse(job.jobId, body, job.created);
            } catch (HubException e) {
                job.finish(JobStatus.FAILED, now, "The hub could not resume this job after a restart: "
                        + e.getMessage(), null);
                database.putJob(job);
                continue;
            }
            unfinished.add(job);
        }
        if (!kept.isEmpty()) {
            LOG.info("Job store {}: {} jobs loaded, {} to run or resume", database.file(), kept.size(), unfinished.size());
        }
        return new Recovered(kept, unfinished, nextSequence);
    }

    private static List<DeviceJob> rows(String jobId, List<JobDatabase.StoredRow> stored) {
        List<DeviceJob> rows = new ArrayList<>(stored.size());
        for (JobDatabase.StoredRow row : stored) {
            try {
                rows.add(DeviceJob.restore(rows.size(), (ObjectNode) JSON.readTree(row.body())));
            } catch (JsonProcessingException | ClassCastException e) {
                LOG.error("Job {}: the row of {} is unreadable and is dropped", jobId, row.deviceId());
            }
        }
        return rows;
    }

    /**
     * The operations of a running job that were under way when the hub stopped: a twin update is queued again (a
     * merge of the same patch can safely be applied twice), a method call fails with DeviceOperationInterrupted
     * rather than being repeated (the device may already have rebooted). Returns the devices it changed.
     */
    static List<DeviceJob> settleInterrupted(Job job, Instant now) {
        List<DeviceJob> changed = new ArrayList<>();
        for (DeviceJob device : job.devices) {
            if (device.status != JobStatus.RUNNING) {
                continue;
            }
            if (job.type == JobType.SCHEDULE_UPDATE_TWIN) {
                device.started = null;
                job.move(device, JobStatus.QUEUED, now);
            } else {
                device.errorCode = "DeviceOperationInterrupted";
                device.errorDescription = "The hub stopped while this device's method call was under way; whether "
                        + "the device ran it is unknown, so it is not called again";
                device.ended = now;
                job.move(device, JobStatus.FAILED, now);
            }
            changed.add(device);
        }
        return changed;
    }
}
