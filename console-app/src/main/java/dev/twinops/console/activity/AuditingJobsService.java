package dev.twinops.console.activity;

import java.util.List;
import java.util.Objects;

import dev.twinops.console.jobs.JobDeviceResult;
import dev.twinops.console.jobs.JobInfo;
import dev.twinops.console.jobs.JobsService;

/** Jobs as the Jobs tab sees them, with each cancellation recorded in the journal (and its outcome). */
public final class AuditingJobsService implements JobsService {

    private final JobsService next;
    private final ConsoleJournal journal;

    public AuditingJobsService(JobsService next, ConsoleJournal journal) {
        this.next = Objects.requireNonNull(next);
        this.journal = Objects.requireNonNull(journal);
    }

    @Override
    public List<JobInfo> listJobs() throws Exception {
        return next.listJobs();
    }

    @Override
    public List<JobDeviceResult> deviceResults(String jobId) throws Exception {
        return next.deviceResults(jobId);
    }

    @Override
    public JobInfo cancel(String jobId) throws Exception {
        try {
            JobInfo job = next.cancel(jobId);
            journal.record(journal.event("job.cancel").jobIds(List.of(jobId)).outcome(job.status()));
            return job;
        } catch (Exception e) {
            journal.record(journal.event("job.cancel").jobIds(List.of(jobId)).outcome("failed: " + e.getMessage()));
            throw e;
        }
    }
}
