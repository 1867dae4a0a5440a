package dev.twinops.rollout.engine;

import dev.twinops.dm.method.MethodResponse;
import dev.twinops.rollout.hub.DeviceSelection;
import dev.twinops.rollout.hub.HubCallException;
import dev.twinops.rollout.hub.JobDeviceOutcome;
import dev.twinops.rollout.hub.JobProgress;
import dev.twinops.rollout.hub.MethodCall;
import dev.twinops.rollout.hub.RolloutQueries;
import dev.twinops.rollout.hub.WaveTag;
import dev.twinops.rollout.plan.OperationSpec;
import dev.twinops.rollout.plan.OperationType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollout's jobs, one at a time (IoT Hub's S1 allows a single active job): schedules tag and method jobs,
 * follows the one under way, and when a method job ends, reads its device rows once to learn who was offline or
 * refused. Job ids are deterministic, so a job scheduled just before a crash is recognised (409) after a restart
 * rather than sent twice.
 */
final class WaveJobs {

    private static final Logger LOG = LoggerFactory.getLogger(WaveJobs.class);

    /** What the end of a job means for the engine. */
    record Finished(ActiveJob job, JobProgress.Status status, String failureReason) {
        boolean tagJobFailed() {
            return job.kind() == ActiveJob.Kind.TAG && status != JobProgress.Status.COMPLETED;
        }
    }

    private final EngineContext ctx;
    private Instant nextPollAt = Instant.MIN;

    WaveJobs(EngineContext ctx) {
        this.ctx = ctx;
    }

    void startTagJob(String jobId, DeviceSelection selection, WaveTag tag, WaveState w) throws HubCallException {
        try {
            ctx.jobOperation();
            ctx.hub.scheduleTagJob(jobId, selection, tag, WaveAssigner.TAG_JOB_MAX_EXECUTION);
        } catch (HubCallException e) {
            if (e.kind() != HubCallException.Kind.CONFLICT) {
                throw e;
            }
            LOG.info("Tag job {} exists already (scheduled before a restart); following it", jobId);
        }
        ctx.state.activeJob = new ActiveJob(jobId, ActiveJob.Kind.TAG, w.index, null);
        w.jobIds.add(jobId);
        nextPollAt = Instant.MIN;
        ctx.audit(ctx.event("wave.tag-job").targets(List.of(RolloutQueries.condition(selection)))
                .jobIds(List.of(jobId)).outcome("scheduled").detail("wave", EngineContext.hubWave(w))
                .detail("batch", tag.batch()));
        ctx.transition("job " + jobId + " tags wave " + tag.wave() + " batch " + tag.batch());
    }

    void startMethodJob(String jobId, DeviceSelection.Wave selection, WaveState w, List<String> ids, Instant now)
            throws HubCallException {
        OperationSpec op = ctx.operation();
        String operationId = ctx.operationId(w);
        MethodCall call = new MethodCall(op.wireMethodName(), op.payloadFor(operationId), op.responseTimeout(),
                op.connectTimeout());
        try {
            ctx.jobOperation();
            ctx.hub.scheduleMethodJob(jobId, selection, call, ctx.spec(w).deadline());
        } catch (HubCallException e) {
            if (e.kind() != HubCallException.Kind.CONFLICT) {
                throw e;
            }
            LOG.info("Method job {} exists already (scheduled before a restart); following it", jobId);
        }
        for (String id : ids) {
            DeviceRecord r = w.devices.get(id);
            r.state = DeviceState.DISPATCHED;
            r.operationId = operationId;
            r.attempt = w.attempt;
            r.dispatchedAt = now;
            r.finishedAt = null;
            r.errorCode = null;
            r.errorMessage = null;
            r.phases = new ArrayList<>();
        }
        w.deadlineAt = now.plus(ctx.spec(w).deadline());
        w.jobIds.add(jobId);
        ctx.state.activeJob = new ActiveJob(jobId, ActiveJob.Kind.METHOD, w.index, List.copyOf(ids));
        nextPollAt = Instant.MIN;
        ctx.audit(ctx.event("wave.method-job").targets(ids).jobIds(List.of(jobId)).outcome("scheduled")
                .detail("wave", EngineContext.hubWave(w)).detail("method", op.wireMethodName())
                .detail("operationId", operationId).detail("condition", RolloutQueries.condition(selection)));
        ctx.transition("job " + jobId + " sends " + op.wireMethodName() + " to " + ids.size() + " devices of wave "
                + EngineContext.hubWave(w));
    }

    /** Looks at the job under way (at most once per poll interval); non-null once it has finished. */
    Finished poll(Instant now) throws HubCallException {
        ActiveJob job = ctx.state.activeJob;
        if (job == null || now.isBefore(nextPollAt)) {
            return null;
        }
        nextPollAt = now.plus(ctx.settings.jobPollInterval());
        JobProgress progress;
        try {
            ctx.jobOperation();
            progress = ctx.hub.jobProgress(job.jobId());
        } catch (HubCallException e) {
            if (e.kind() != HubCallException.Kind.NOT_FOUND) {
                throw e;
            }
            progress = new JobProgress(job.jobId(), JobProgress.Status.FAILED, "the hub does not know the job");
        }
        if (!progress.status().isFinished()) {
            return null;
        }
        WaveState w = ctx.state.waves.get(job.wave());
        if (job.kind() == ActiveJob.Kind.TAG) {
            ctx.state.activeJob = null;
            if (progress.status() == JobProgress.Status.COMPLETED) {
                w.tagJobsDone++;
            } else {
                w.tagGeneration++;
            }
            ctx.transition("job " + job.jobId() + " " + progress.status().name().toLowerCase()
                    + (progress.failureReason() == null ? "" : ": " + progress.failureReason()));
            return new Finished(job, progress.status(), progress.failureReason());
        }
        int pages = WaveAssigner.pages(job.deviceIds() == null ? 1 : job.deviceIds().size());
        if (!ctx.budget.hasRoom(pages, now)) {
            nextPollAt = now; // finished: read its rows as soon as the budget allows
            return null;
        }
        List<JobDeviceOutcome> rows = ctx.hub.jobOutcomes(job.jobId());
        ctx.accountQueries(now);
        String summary = applyOutcomes(w, job, rows, progress.status(), now);
        ctx.state.activeJob = null;
        ctx.dirty = true;
        ctx.transition("job " + job.jobId() + " " + progress.status().name().toLowerCase() + ": " + summary);
        return new Finished(job, progress.status(), progress.failureReason());
    }

    /** Cancels the jobs an abort or pause asked to stop. */
    void cancelRequested() throws HubCallException {
        Iterator<String> it = ctx.state.jobsToCancel.iterator();
        while (it.hasNext()) {
            String jobId = it.next();
            try {
                ctx.jobOperation();
                ctx.hub.cancelJob(jobId);
                LOG.info("Cancelled job {}", jobId);
            } catch (HubCallException e) {
                if (e.kind() != HubCallException.Kind.NOT_FOUND) {
                    throw e;
                }
            }
            it.remove();
            ctx.dirty = true;
        }
    }

    private String applyOutcomes(WaveState w, ActiveJob job, List<JobDeviceOutcome> rows, JobProgress.Status status,
                                 Instant now) {
        OperationType type = ctx.operation().type();
        int answered = 0, offline = 0, refused = 0, cancelled = 0, timedOut = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JobDeviceOutcome row : rows) {
            DeviceRecord r = w.devices.get(row.deviceId());
            seen.add(row.deviceId());
            if (r == null || !r.state.isInFlight()) {
                continue;
            }
            if (row.isCancelled()) {
                backToWaiting(w, r);
                cancelled++;
            } else if (row.methodStatus() != null) {
                int code = row.methodStatus();
                if (code >= 200 && code < 300) {
                    answered++;
                    if (type == OperationType.METHOD) {
                        r.finish(DeviceState.SUCCEEDED, now, null, null);
                    }
                } else {
                    refused++;
                    MethodResponse response = MethodResponse.fromDevice(code, row.payloadJson());
                    r.finish(DeviceState.FAILED, now, type == OperationType.METHOD ? "STATUS_" + code
                            : response.code().name(), response.reason() == null ? "answered " + code
                            : response.reason());
                }
            } else if (row.isDeviceNotOnline()) {
                offline++;
                r.finish(DeviceState.OFFLINE, now, "DEVICE_NOT_ONLINE", "not connected when the job reached it");
            } else if (row.isTimedOut()) {
                timedOut++;
                if (type == OperationType.METHOD) {
                    r.finish(DeviceState.FAILED, now, "METHOD_TIMEOUT", "no answer within "
                            + ctx.operation().responseTimeout() + " s");
                }
            } else if ("failed".equalsIgnoreCase(row.rowStatus())) {
                refused++;
                r.finish(DeviceState.FAILED, now, row.errorCode() == null ? "JOB_FAILED" : row.errorCode(),
                        row.errorDescription());
            }
        }
        if (status == JobProgress.Status.CANCELLED && job.deviceIds() != null) {
            for (String id : job.deviceIds()) {
                DeviceRecord r = w.devices.get(id);
                if (!seen.contains(id) && r != null && r.state == DeviceState.DISPATCHED) {
                    backToWaiting(w, r);
                    cancelled++;
                }
            }
        }
        return answered + " accepted, " + offline + " offline, " + refused + " refused or failed"
                + (timedOut == 0 ? "" : ", " + timedOut + " answered too late (still followed)")
                + (cancelled == 0 ? "" : ", " + cancelled + " not reached (cancelled)");
    }

    private static void backToWaiting(WaveState w, DeviceRecord r) {
        r.state = DeviceState.WAITING;
        r.dispatchedAt = null;
        if (!w.redispatch.contains(r.deviceId)) {
            w.redispatch.add(r.deviceId);
        }
    }
}
