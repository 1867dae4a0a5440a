package dev.twinops.hub.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.methods.DirectMethodRouter;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import dev.twinops.hub.state.HubState;
import dev.twinops.hub.throttle.RequestThrottle;
import dev.twinops.limits.OperationClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs IoT Hub's scheduled jobs: a direct method or a twin update on every device a query condition selects, from
 * a start time, within a maximum execution time, with per-device rows and statistics, durable across restarts.
 *
 * <p>How it runs: all job state lives on one scheduler thread. A job starts at its start time by evaluating its
 * condition over the twins (the devices it selects are fixed then, in device id order), then keeps up to
 * {@code maxInFlight} device operations under way at once. An operation is a future (a method call through the
 * {@link DirectMethodRouter}, a twin patch through {@link HubState#patchTwin}), so no thread waits for a device;
 * its completion hops back to the scheduler thread, records the device's outcome and starts the next device.
 * With throttling on, every device operation takes a "job device operations" permit first and the job waits for
 * one (IoT Hub paces jobs; it does not fail them).
 *
 * <p>Semantics, following IoT Hub: a device that is offline at its turn fails at once with DeviceNotOnline (404103)
 * unless the method's connect timeout lets it connect; a device's method answer, whatever its status, completes the
 * device; a job whose devices all had their turn is {@code completed}; one that reaches its maximum execution time
 * is {@code failed} and its devices not yet started fail; cancel marks the job {@code cancelled} and devices not yet
 * started {@code cancelled} (operations under way finish).
 *
 * <p>Durability: a job is acknowledged, visible and started only once it is on disk ({@code jobs.db}), a cancellation
 * answered and applied only once stored; device rows follow within a group commit. After a restart, scheduled and
 * queued jobs wait or start as before, and a running job resumes with its devices not yet done (see
 * {@link JobRecovery}). Finished jobs are kept for 30 days, as IoT Hub keeps its job history.
 *
 * <p>Around it: {@link JobDatabase} stores jobs and rows, {@link JobRecovery} reads them back after a restart,
 * {@link JobCancellation} stores a cancellation before applying it, {@link DeviceOperation} runs one device's part
 * and records its outcome, {@link SchedulerThread} is the thread.
 */
public final class JobScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

    /** Device operations one job keeps under way at once, unless configured otherwise. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1000;
    /** IoT Hub keeps finished jobs this long. */
    static final Duration HISTORY = Duration.ofDays(30);
    /** A job's start or deadline that comes while its cancellation is being stored is looked at again this much later. */
    private static final long CANCELLATION_RETRY_MILLIS = 50;

    private final JobDatabase database;
    private final HubState state;
    private final DeviceOperation operations;
    private final RequestThrottle throttle;
    private final Clock clock;
    private final int maxInFlight;
    private final SchedulerThread thread = new SchedulerThread();
    /** All stored jobs by id; the Job objects' mutable parts belong to the scheduler thread. */
    private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();
    /** Scheduler thread only: jobs created and not yet stored; their ids are taken, but nobody sees them yet. */
    private final Map<String, Job> storing = new HashMap<>();
    /** Scheduler thread only (and the constructor). */
    private long nextSequence = 1;
    private volatile boolean closing;

    private JobScheduler(JobDatabase database, HubState state, DirectMethodRouter router, RequestThrottle throttle,
                         Clock clock, int maxInFlight) {
        this.database = database;
        this.state = state;
        this.operations = new DeviceOperation(state, router);
        this.throttle = throttle;
        this.clock = clock;
        this.maxInFlight = maxInFlight;
    }

    /**
     * Opens the job store in {@code dataDir} and resumes the jobs it holds.
     *
     * @throws dev.twinops.hub.state.StateStoreException if {@code jobs.db} cannot be opened or read
     */
    public static JobScheduler start(Path dataDir, HubState state, DirectMethodRouter router, RequestThrottle throttle) {
        return start(dataDir, state, router, throttle, Clock.systemUTC(), DEFAULT_MAX_IN_FLIGHT);
    }

    /**
     * @param maxInFlight device operations one job keeps under way at once (at least 1)
     */
    public static JobScheduler start(Path dataDir, HubState state, DirectMethodRouter router, RequestThrottle throttle,
                                     Clock clock, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
        }
        JobDatabase database = JobDatabase.open(dataDir);
        JobScheduler scheduler = new JobScheduler(database, state, router, throttle, clock, maxInFlight);
        try {
            scheduler.restore(JobRecovery.recover(database, clock.instant()));
        } catch (RuntimeException e) {
            scheduler.thread.stopNow();
            database.close();
            throw e;
        }
        scheduler.thread.scheduleHourly(scheduler::purgeHistory);
        return scheduler;
    }

    // ---- the jobs API ----

    /**
     * Creates a job. Completes with the job's JSON once it is durable; fails with JOB_ALREADY_EXISTS (409) for a
     * taken id, THROTTLED (429001) when throttling is on and the tier's concurrent jobs are all active.
     */
    public CompletableFuture<ObjectNode> schedule(JobRequest request) {
        return thread.call(() -> {
            if (jobs.containsKey(request.jobId()) || storing.containsKey(request.jobId())) {
                throw new HubException(HubError.JOB_ALREADY_EXISTS, "A job with id '" + request.jobId()
                        + "' already exists; job ids cannot be reused");
            }
            int limit = throttle.policy().maxConcurrentJobs();
            long active = storing.size() + jobs.values().stream().filter(j -> !j.status.isTerminal()).count();
            if (active >= limit) {
                throw new HubException(HubError.THROTTLED, "Too many active jobs: the " + throttle.policy().describe()
                        + " allows " + limit + " active job" + (limit == 1 ? "" : "s")
                        + " at a time; wait for one to finish or cancel one");
            }
            Job job = Job.create(request, nextSequence++, clock.instant());
            storing.put(job.jobId, job);
            ObjectNode answer = job.toJson();
            // acknowledged, visible and started only once durable, so nobody sees or runs a job that is not stored
            return database.putJob(job, answer).handleAsync((ignored, failure) -> {
                storing.remove(job.jobId);
                if (failure != null) {
                    LOG.error("Job {} could not be stored; refusing it", job.jobId, failure);
                    throw new HubException(HubError.SERVER_ERROR, "The job could not be stored: " + failure.getMessage());
                }
                jobs.put(job.jobId, job);
                LOG.info("Job {} ({}) created: {}, condition \"{}\"", job.jobId, job.type.wireName(),
                        job.status.wireName(), job.request.queryCondition().text());
                arm(job);
                return answer;
            }, thread.asExecutor());
        }).thenCompose(stored -> stored);
    }

    /** The job's JSON; fails with JOB_NOT_FOUND (404). */
    public CompletableFuture<ObjectNode> job(String jobId) {
        return thread.call(() -> require(jobId).toJson());
    }

    /**
     * Cancels a job that has not finished: devices not yet started are cancelled, operations under way finish.
     * A finished job is returned unchanged. Completes once the cancellation is durable; fails with JOB_NOT_FOUND, or
     * SERVER_ERROR if the cancellation cannot be stored (the job then goes on, on disk and in memory alike).
     */
    public CompletableFuture<ObjectNode> cancel(String jobId) {
        return thread.call(() -> {
            Job job = require(jobId);
            if (job.status.isTerminal()) {
                return CompletableFuture.completedFuture(job.toJson());
            }
            if (job.cancellation != null) {
                return job.cancellation;
            }
            return JobCancellation.start(job, clock.instant(), database, thread.asExecutor(), () -> dispatch(job));
        }).thenCompose(f -> f);
    }

    /**
     * The jobs, oldest first, optionally only those of a type and/or status (null = any).
     */
    public CompletableFuture<List<ObjectNode>> jobs(JobType type, JobStatus status) {
        return thread.call(() -> {
            List<ObjectNode> result = new ArrayList<>();
            for (Job job : ordered()) {
                if ((type == null || job.type == type) && (status == null || job.status == status)) {
                    result.add(job.toJson());
                }
            }
            return result;
        });
    }

    /**
     * Every device row of every job (jobs oldest first, devices in id order), for {@code FROM devices.jobs}
     * queries. Any thread; a consistent-enough snapshot: each row is one committed state of that device's part.
     */
    public Collection<ObjectNode> deviceJobRows() {
        List<ObjectNode> rows = new ArrayList<>();
        for (Job job : ordered()) {
            for (DeviceJob device : job.devices) {
                ObjectNode row = device.json();
                if (row != null) {
                    rows.add(row);
                }
            }
        }
        return Collections.unmodifiableList(rows);
    }

    /** Stops running jobs (their state stays on disk to resume at the next start) and closes the store. Idempotent. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        thread.stop(); // completions already queued are still recorded; timers are dropped
        database.close();
        long unfinished = jobs.values().stream().filter(j -> !j.status.isTerminal()).count();
        if (unfinished > 0) {
            LOG.info("Job scheduler stopped with {} unfinished jobs; they resume when the hub starts again", unfinished);
        }
    }

    // ---- running jobs (scheduler thread) ----

    /** Starts a job now, or when its start time comes. */
    private void arm(Job job) {
        if (job.status == JobStatus.SCHEDULED) {
            long delay = Math.max(0, Duration.between(clock.instant(), job.effectiveStart()).toMillis());
            job.startTimer = thread.schedule(() -> begin(job), delay);
        } else if (job.status == JobStatus.QUEUED) {
            begin(job);
        }
    }

    /** Selects the devices and starts their operations. */
    private void begin(Job job) {
        if (closing || (job.status != JobStatus.SCHEDULED && job.status != JobStatus.QUEUED)) {
            return;
        }
        if (job.cancellation != null) {
            job.startTimer = thread.schedule(() -> begin(job), CANCELLATION_RETRY_MILLIS);
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(job.deadline())) {
            job.finish(JobStatus.FAILED, now, "The job could not start before its maximum execution time of "
                    + job.maxExecutionSeconds() + " s ran out (the hub was not running)", null);
            database.putJob(job);
            return;
        }
        List<String> selected = new ArrayList<>();
        for (ObjectNode twin : state.twins()) {
            try {
                if (job.request.queryCondition().test(twin)) {
                    selected.add(twin.path("deviceId").asText());
                }
            } catch (RuntimeException e) {
                LOG.debug("Job {}: condition not evaluable on {}: {}", job.jobId, twin.path("deviceId").asText(), e.toString());
            }
        }
        Collections.sort(selected);
        List<DeviceJob> devices = new ArrayList<>(selected.size());
        for (String deviceId : selected) {
            DeviceJob device = new DeviceJob(deviceId, devices.size(), now);
            device.render(job.jobId, job.type);
            devices.add(device);
        }
        job.start(devices);
        job.status = JobStatus.RUNNING;
        LOG.info("Job {} started on {} devices", job.jobId, devices.size());
        database.putJobAndRows(job, devices);
        armDeadline(job, now);
        dispatch(job);
    }

    private void armDeadline(Job job, Instant now) {
        long millis = Math.max(0, Duration.between(now, job.deadline()).toMillis());
        job.deadlineTimer = thread.schedule(() -> expire(job), millis);
    }

    /** Starts device operations while the job has room and permits. */
    private void dispatch(Job job) {
        if (job.cancellation != null) {
            return; // resumed if the cancellation fails
        }
        List<DeviceJob> devices = job.devices;
        while (!closing && job.status == JobStatus.RUNNING && job.inFlight < maxInFlight && job.next < devices.size()) {
            DeviceJob device = devices.get(job.next);
            if (device.status != JobStatus.QUEUED) {
                job.next++;
                continue;
            }
            long waitMillis = throttle.tryAcquire(OperationClass.JOB_DEVICE_OPERATIONS);
            if (waitMillis > 0) {
                if (job.paceTimer == null || job.paceTimer.isDone()) {
                    job.paceTimer = thread.schedule(() -> dispatch(job), waitMillis);
                }
                return;
            }
            job.next++;
            run(job, device);
        }
        completeIfDone(job);
    }

    private void run(Job job, DeviceJob device) {
        Instant now = clock.instant();
        device.started = now;
        job.move(device, JobStatus.RUNNING, now);
        job.inFlight++;
        database.putRows(job, List.of(device));
        operations.start(job, device)
                .whenComplete((result, failure) -> thread.execute(() -> finished(job, device, result, failure)));
    }

    private void finished(Job job, DeviceJob device, Object result, Throwable failure) {
        job.inFlight--;
        DeviceOperation.recordOutcome(job, device, result, failure, clock.instant());
        database.putRows(job, List.of(device));
        if (job.status == JobStatus.RUNNING) {
            dispatch(job);
        } else {
            database.putJob(job); // a cancelled or expired job's statistics still change as its last operations end
        }
    }

    private void completeIfDone(Job job) {
        if (job.status == JobStatus.RUNNING && job.inFlight == 0 && job.next >= job.devices.size()) {
            job.finish(JobStatus.COMPLETED, clock.instant(), null, null);
            LOG.info("Job {} completed: {} succeeded, {} failed of {} devices", job.jobId,
                    job.count(JobStatus.COMPLETED), job.count(JobStatus.FAILED), job.devices.size());
            database.putJob(job);
        }
    }

    /** The maximum execution time ran out: devices not started fail, the job fails. */
    private void expire(Job job) {
        if (job.status != JobStatus.RUNNING) {
            return;
        }
        if (job.cancellation != null) {
            job.deadlineTimer = thread.schedule(() -> expire(job), CANCELLATION_RETRY_MILLIS);
            return;
        }
        List<DeviceJob> changed = job.runOutOfTime(clock.instant());
        LOG.info("Job {} ran out of time: {} devices not run, {} under way", job.jobId, changed.size(), job.inFlight);
        database.putJobAndRows(job, changed);
    }

    // ---- restart ----

    private void restore(JobRecovery.Recovered recovered) {
        for (Job job : recovered.jobs()) {
            jobs.put(job.jobId, job);
        }
        nextSequence = recovered.nextSequence();
        for (Job job : recovered.unfinished()) {
            thread.execute(() -> resume(job));
        }
    }

    private void resume(Job job) {
        if (job.status != JobStatus.RUNNING) {
            arm(job);
            return;
        }
        Instant now = clock.instant();
        List<DeviceJob> changed = JobRecovery.settleInterrupted(job, now);
        LOG.info("Resuming job {} after a restart: {} of {} devices still to run", job.jobId,
                job.count(JobStatus.QUEUED), job.devices.size());
        job.next = 0;
        database.putJobAndRows(job, changed);
        if (!now.isBefore(job.deadline())) {
            expire(job); // its time ran out while the hub was stopped
            return;
        }
        armDeadline(job, now);
        dispatch(job);
    }

    private void purgeHistory() {
        Instant cutoff = clock.instant().minus(HISTORY);
        for (Job job : List.copyOf(jobs.values())) {
            if (job.status.isTerminal() && job.inFlight == 0 && job.endTime != null && job.endTime.isBefore(cutoff)) {
                jobs.remove(job.jobId, job);
                database.deleteJob(job.jobId);
            }
        }
    }

    // ---- helpers ----

    private Job require(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new HubException(HubError.JOB_NOT_FOUND, "The job with id '" + jobId + "' could not be found.");
        }
        return job;
    }

    /** The job store, for tests that make it slow or failing. */
    JobDatabase store() {
        return database;
    }

    private List<Job> ordered() {
        List<Job> ordered = new ArrayList<>(jobs.values());
        ordered.sort(Comparator.comparingLong(j -> j.sequence));
        return ordered;
    }
}
