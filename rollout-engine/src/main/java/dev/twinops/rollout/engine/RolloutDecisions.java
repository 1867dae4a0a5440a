package dev.twinops.rollout.engine;

import dev.twinops.rollout.plan.FailureThreshold;
import dev.twinops.rollout.plan.Percent;
import dev.twinops.rollout.plan.WaveSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a wave's results mean for the rollout: the failure threshold (pause or abort), the success threshold at the
 * wave's end, soak, the next wave or its approval gate, the end of the rollout. Every decision is a transition, and
 * the ones an operator should know of are written to the audit journal.
 */
final class RolloutDecisions {

    private final EngineContext ctx;

    RolloutDecisions(EngineContext ctx) {
        this.ctx = ctx;
    }

    boolean failureThresholdReached(WaveState w) {
        FailureThreshold f = ctx.spec(w).failureThreshold();
        WaveCounts c = w.counts();
        if (w.failureThresholdOverridden || !f.isReached(c.failures(), c.finished(), c.operated())) {
            return false;
        }
        String reason = String.format(Locale.ROOT, "wave %d (%s): %d of %d devices failed (%d finished), reaching "
                        + "the failure threshold (%s)", EngineContext.hubWave(w), w.name, c.failures(), c.operated(),
                c.finished(), f.describe());
        ctx.audit(ctx.event("wave.failure-threshold").outcome(f.action().name().toLowerCase())
                .detail("wave", EngineContext.hubWave(w)).detail("failed", c.failures())
                .detail("finished", c.finished()));
        switch (f.action()) {
            case PAUSE -> pause(PauseCause.FAILURE_THRESHOLD, reason);
            case ABORT -> abort(reason);
        }
        return true;
    }

    void finishWave(WaveState w, Instant now) {
        WaveSpec spec = ctx.spec(w);
        WaveCounts c = w.counts();
        boolean met = c.successPercent() + 1e-9 >= spec.successThreshold();
        if (!met && !w.successThresholdOverridden) {
            w.result = "below success threshold";
            pause(PauseCause.SUCCESS_THRESHOLD, String.format(Locale.ROOT, "wave %d (%s): %s reached the target by "
                            + "the deadline, below its success threshold of %s", EngineContext.hubWave(w), w.name,
                    Percent.format(Math.floor(c.successPercent() * 10) / 10), Percent.format(spec.successThreshold())));
            return;
        }
        w.step = WaveStep.DONE;
        w.finishedAt = now;
        w.result = met ? "succeeded" : "continued below success threshold";
        ctx.audit(ctx.event("wave.completed").outcome(w.result).detail("wave", EngineContext.hubWave(w))
                .detail("succeeded", c.succeeded()).detail("failed", c.failed()).detail("skipped", c.skipped())
                .detail("offline", c.offline()).detail("stuck", c.stuck()));
        if (!spec.soak().isZero() && ctx.state.currentWave + 1 < ctx.state.waves.size()) {
            w.soakUntil = now.plus(spec.soak());
            ctx.state.phase = Phase.SOAKING;
            ctx.transition("wave " + EngineContext.hubWave(w) + " (" + w.name + ") " + w.result + "; soaking for "
                    + spec.soak().toSeconds() + " s");
            return;
        }
        ctx.transition("wave " + EngineContext.hubWave(w) + " (" + w.name + ") " + w.result);
        nextWave(now);
    }

    void nextWave(Instant now) {
        ctx.state.currentWave++;
        if (ctx.state.currentWave >= ctx.state.waves.size()) {
            ctx.state.currentWave = ctx.state.waves.size() - 1;
            ctx.state.phase = Phase.COMPLETED;
            ctx.state.reason = null;
            ctx.audit(ctx.event("rollout.completed").outcome("completed"));
            ctx.transition("rollout completed");
            return;
        }
        enterWave();
    }

    /** The current wave begins: at its approval gate, or assigning. */
    void enterWave() {
        WaveState w = ctx.state.wave();
        if (ctx.spec(w).needsApproval()) {
            ctx.state.phase = Phase.AWAITING_APPROVAL;
            ctx.state.reason = "wave " + EngineContext.hubWave(w) + " (" + w.name + ") waits for approval";
            ctx.audit(ctx.event("wave.awaiting-approval").detail("wave", EngineContext.hubWave(w)));
            ctx.transition(ctx.state.reason);
        } else {
            ctx.state.phase = Phase.ASSIGNING;
            ctx.state.reason = null;
            ctx.transition("wave " + EngineContext.hubWave(w) + " (" + w.name + ") starts");
        }
    }

    void pause(PauseCause cause, String reason) {
        if (ctx.state.phase == Phase.PAUSED || ctx.state.phase.isTerminal()) {
            return;
        }
        noteStop(cause.name(), reason);
        ctx.state.pausedFrom = ctx.state.phase;
        ctx.state.phase = Phase.PAUSED;
        ctx.state.pauseCause = cause;
        ctx.state.reason = reason;
        ActiveJob job = ctx.state.activeJob;
        if (job != null && job.kind() == ActiveJob.Kind.METHOD && !ctx.state.jobsToCancel.contains(job.jobId())) {
            ctx.state.jobsToCancel.add(job.jobId()); // devices it has not reached yet wait for the resume
        }
        ctx.audit(ctx.event("rollout.paused").outcome(reason).detail("cause", cause.name())
                .jobIds(ctx.state.jobsToCancel));
        ctx.transition("paused: " + reason);
    }

    void abort(String reason) {
        noteStop("ABORTED", reason);
        ActiveJob job = ctx.state.activeJob;
        if (job != null && !ctx.state.jobsToCancel.contains(job.jobId())) {
            ctx.state.jobsToCancel.add(job.jobId());
        }
        ctx.state.activeJob = null;
        ctx.state.phase = Phase.ABORTED;
        ctx.state.pausedFrom = null;
        ctx.state.pauseCause = null;
        ctx.state.reason = reason;
        ctx.audit(ctx.event("rollout.aborted").outcome(reason).jobIds(ctx.state.jobsToCancel));
        ctx.transition("aborted: " + reason);
    }

    /** Keeps what stopped the rollout with the wave it stopped on, for the report (and a rehearsal's comparison). */
    private void noteStop(String what, String reason) {
        WaveState w = ctx.state.wave();
        if (w != null) {
            w.pausedBy.add(what + ": " + reason);
        }
    }

    /** Resuming a paused rollout; a threshold that paused it no longer applies to its wave. */
    CommandResult resume() {
        WaveState w = ctx.state.wave();
        String override = "";
        if (ctx.state.pauseCause == PauseCause.FAILURE_THRESHOLD && w != null) {
            w.failureThresholdOverridden = true;
            override = "; the failure threshold no longer applies to wave " + EngineContext.hubWave(w);
        } else if (ctx.state.pauseCause == PauseCause.SUCCESS_THRESHOLD && w != null) {
            w.successThresholdOverridden = true;
            override = "; the next wave starts although wave " + EngineContext.hubWave(w)
                    + " missed its success threshold";
        }
        ctx.audit(ctx.event("rollout.resumed").outcome("ok" + override)
                .detail("pauseCause", String.valueOf(ctx.state.pauseCause)).detail("reason", ctx.state.reason));
        ctx.state.phase = ctx.state.pausedFrom == null ? Phase.RUNNING : ctx.state.pausedFrom;
        ctx.state.pausedFrom = null;
        ctx.state.pauseCause = null;
        ctx.state.reason = null;
        ctx.transition("resumed" + override);
        return CommandResult.done("resumed" + override);
    }

    /** The current wave's failed, offline and stuck devices get the operation again. */
    CommandResult retryFailed() {
        WaveState w = ctx.state.wave();
        boolean running = ctx.state.phase == Phase.RUNNING || ctx.state.phase == Phase.PAUSED;
        if (!running || w == null || w.step != WaveStep.RUNNING) {
            return CommandResult.refused("retry applies to the wave under way; the rollout is " + ctx.state.phase);
        }
        List<String> ids = new ArrayList<>();
        for (DeviceRecord r : w.devices.values()) {
            if (r.state.isRetryable()) {
                ids.add(r.deviceId);
            }
        }
        if (ids.isEmpty()) {
            return CommandResult.refused("no failed, offline or stuck device in wave " + EngineContext.hubWave(w));
        }
        w.attempt++;
        for (String id : ids) {
            DeviceRecord r = w.devices.get(id);
            r.state = DeviceState.WAITING;
            r.finishedAt = null;
            r.errorCode = null;
            r.errorMessage = null;
            r.phases = new ArrayList<>();
            if (!w.redispatch.contains(id)) {
                w.redispatch.add(id);
            }
        }
        ctx.audit(ctx.event("wave.retried").targets(ids).outcome("ok").detail("wave", EngineContext.hubWave(w))
                .detail("attempt", w.attempt));
        if (ctx.state.phase == Phase.PAUSED && ctx.state.pauseCause != PauseCause.OPERATOR) {
            ctx.state.phase = Phase.RUNNING;
            ctx.state.pausedFrom = null;
            ctx.state.pauseCause = null;
            ctx.state.reason = null;
        }
        ctx.transition("retrying " + ids.size() + " devices of wave " + EngineContext.hubWave(w) + " (attempt "
                + w.attempt + ")");
        return CommandResult.done("retrying " + ids.size() + " devices");
    }
}
