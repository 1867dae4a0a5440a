package dev.twinops.rollout.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.dm.reported.OperationJudge;
import dev.twinops.dm.reported.ReportedDeviceState;
import dev.twinops.rollout.hub.DeviceReading;
import dev.twinops.rollout.hub.DeviceSelection;
import dev.twinops.rollout.hub.HubCallException;
import dev.twinops.rollout.hub.RolloutQueries;
import dev.twinops.rollout.hub.StatusCount;
import dev.twinops.rollout.json.RolloutJson;
import dev.twinops.rollout.plan.OperationSpec;
import dev.twinops.rollout.plan.OperationType;
import dev.twinops.rollout.plan.WaveSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the current wave: sends its method jobs (batch by batch with a rate; retries and devices a cancelled job
 * never reached by id), and follows its devices. A progress round costs one aggregate query (the wave's devices
 * counted by reported status); only when those counts change, or every few rounds in case a change hid in them,
 * are the devices still in flight read in detail, in id lists that fit a query. So a round costs what changes, not
 * the size of the wave, and shrinks as devices finish.
 */
final class WaveMonitor {

    private final EngineContext ctx;
    private final WaveJobs jobs;
    private Instant nextRoundAt = Instant.MIN;
    private int queriesLastRound;

    WaveMonitor(EngineContext ctx, WaveJobs jobs) {
        this.ctx = ctx;
        this.jobs = jobs;
    }

    Instant nextRoundAt() {
        return nextRoundAt;
    }

    int queriesLastRound() {
        return queriesLastRound;
    }

    /** Sends the next due batch, or the next chunk of devices to send again, when no job is under way. */
    void dispatch(WaveState w, Instant now) throws HubCallException {
        if (ctx.state.activeJob != null || w.step != WaveStep.RUNNING) {
            return;
        }
        WaveSpec spec = ctx.spec(w);
        String notAt = ctx.operation().type() == OperationType.FIRMWARE_UPDATE ? ctx.operation().version() : null;
        int wave = EngineContext.hubWave(w);
        while (w.nextBatch < w.batches) {
            if (w.nextBatchAt != null && now.isBefore(w.nextBatchAt)) {
                return;
            }
            int batch = w.nextBatch;
            List<String> ids = new ArrayList<>();
            for (DeviceRecord r : w.devices.values()) {
                if (r.batch == batch && r.state == DeviceState.WAITING) {
                    ids.add(r.deviceId);
                }
            }
            if (ids.isEmpty()) {
                w.nextBatch++;
                continue;
            }
            if (w.dispatchStartedAt == null) {
                w.dispatchStartedAt = now;
            }
            jobs.startMethodJob(jobId(w, "b" + batch), new DeviceSelection.Wave(ctx.rolloutId(), wave, batch, null,
                    notAt), w, ids, now);
            w.nextBatch++;
            w.nextBatchAt = spec.ratePerMinute() == null ? null : now.plus(Duration.ofMinutes(1));
            return;
        }
        List<String> waiting = new ArrayList<>();
        for (String id : w.redispatch) {
            DeviceRecord r = w.devices.get(id);
            if (r != null && r.state == DeviceState.WAITING) {
                waiting.add(id);
            }
        }
        if (waiting.isEmpty()) {
            w.redispatch.clear();
            return;
        }
        List<String> chunk = RolloutQueries.chunkIds(waiting).get(0);
        jobs.startMethodJob(jobId(w, "r" + w.redispatchJobs), new DeviceSelection.Wave(ctx.rolloutId(), wave, null,
                chunk, notAt), w, chunk, now);
        w.redispatchJobs++;
        w.redispatch.removeAll(chunk);
    }

    private String jobId(WaveState w, String part) {
        return ctx.rolloutId() + "-w" + EngineContext.hubWave(w) + "-a" + w.attempt + "-" + part;
    }

    /** One progress round, when it is due and the budget allows. */
    void round(WaveState w, Instant now) throws HubCallException {
        OperationType type = ctx.operation().type();
        if (type == OperationType.METHOD || w.step != WaveStep.RUNNING || now.isBefore(nextRoundAt)) {
            return;
        }
        List<String> inFlight = w.idsIn(DeviceState.DISPATCHED, DeviceState.IN_PROGRESS);
        if (inFlight.isEmpty() || !ctx.budget.hasRoom(1, now)) {
            return;
        }
        int wave = EngineContext.hubWave(w);
        List<StatusCount> counts = ctx.hub.statusCounts(ctx.rolloutId(), wave, type);
        int queries = ctx.accountQueries(now);
        Map<String, Long> byStatus = new TreeMap<>();
        for (StatusCount c : counts) {
            byStatus.merge(c.status() == null ? "(none)" : c.status(), c.count(), Long::sum);
        }
        String signature = byStatus.toString();
        w.reportedStatusCounts = new LinkedHashMap<>(byStatus);
        w.roundsSinceDetail++;
        boolean due = !signature.equals(w.lastAggregate) || w.detailDue
                || w.roundsSinceDetail >= ctx.settings.detailEveryRounds();
        if (due) {
            queries += readDetail(w, inFlight, now);
            w.lastAggregate = signature;
        }
        queriesLastRound = queries;
        nextRoundAt = now.plus(ctx.budget.pauseAfter(queries, ctx.settings.roundInterval()));
        ctx.dirty = true;
    }

    /** Reads the devices in flight, as many id lists as the budget allows now; the rest next round. */
    private int readDetail(WaveState w, List<String> inFlight, Instant now) throws HubCallException {
        List<List<String>> chunks = RolloutQueries.chunkIds(inFlight);
        int queries = 0;
        int start = chunks.isEmpty() ? 0 : w.detailCursor % chunks.size();
        int read = 0;
        for (int i = 0; i < chunks.size(); i++) {
            if (!ctx.budget.hasRoom(1, now)) {
                break;
            }
            List<String> chunk = chunks.get((start + i) % chunks.size());
            List<DeviceReading> readings = ctx.hub.readDevices(new DeviceSelection.Wave(ctx.rolloutId(),
                    EngineContext.hubWave(w), null, chunk, null), ctx.operation().type());
            queries += ctx.accountQueries(now);
            for (DeviceReading reading : readings) {
                apply(w, reading, now);
            }
            read++;
        }
        w.detailDue = read < chunks.size();
        w.detailCursor = w.detailDue ? start + read : 0;
        if (!w.detailDue) {
            w.roundsSinceDetail = 0;
        }
        return queries;
    }

    private void apply(WaveState w, DeviceReading reading, Instant now) {
        DeviceRecord r = w.devices.get(reading.deviceId());
        if (r == null || !r.state.isInFlight()) {
            return;
        }
        OperationSpec op = ctx.operation();
        r.connectionState = reading.connectionState();
        JsonNode section = reading.section();
        String sectionOp = section == null ? null : section.path("operationId").asText(null);
        String status = section == null ? null : section.path("status").asText(null);
        Instant at = reading.statusAt() != null ? reading.statusAt() : now;
        boolean ours = r.operationId != null && r.operationId.equals(sectionOp);
        if (ours) {
            r.markPhase(status, at);
        }
        ReportedDeviceState reported = reported(reading, op.type());
        OperationJudge.Judgement judgement = op.type() == OperationType.FIRMWARE_UPDATE
                ? OperationJudge.firmwareUpdate(reported, r.operationId, op.version())
                : OperationJudge.reboot(reported, r.operationId, r.dispatchedAt);
        switch (judgement.verdict()) {
            case SUCCEEDED -> r.finish(DeviceState.SUCCEEDED, ours ? at : now, null, null);
            case FAILED -> {
                JsonNode error = section == null ? null : section.get("error");
                String code = error != null && error.hasNonNull("code") ? error.get("code").asText() : "FAILED";
                String message = error != null && error.hasNonNull("message") ? error.get("message").asText()
                        : judgement.detail();
                r.finish(DeviceState.FAILED, at, code, message);
            }
            case IN_PROGRESS -> r.state = DeviceState.IN_PROGRESS;
            case PENDING -> {
                // nothing reported for this request yet
            }
        }
    }

    private static ReportedDeviceState reported(DeviceReading reading, OperationType type) {
        ObjectNode reported = RolloutJson.mapper().createObjectNode();
        if (reading.firmwareVersion() != null) {
            reported.put("firmwareVersion", reading.firmwareVersion());
        }
        if (reading.section() != null) {
            reported.putObject("iothubDM").set(type == OperationType.FIRMWARE_UPDATE ? "firmwareUpdate" : "reboot",
                    reading.section());
        }
        return ReportedDeviceState.fromJson(reported.toString());
    }

    /**
     * After the deadline of the wave's last method job, devices still in flight are read once more and then
     * counted stuck. Returns how many were.
     */
    int checkDeadline(WaveState w, Instant now) throws HubCallException {
        if (w.step != WaveStep.RUNNING || w.deadlineAt == null || now.isBefore(w.deadlineAt) || !allSent(w)) {
            return 0;
        }
        List<String> inFlight = w.idsIn(DeviceState.DISPATCHED, DeviceState.IN_PROGRESS);
        if (inFlight.isEmpty()) {
            return 0;
        }
        if (ctx.operation().type() != OperationType.METHOD) {
            readDetail(w, inFlight, now);
        }
        int stuck = 0;
        for (DeviceRecord r : w.devices.values()) {
            if (r.state.isInFlight()) {
                r.finish(DeviceState.STUCK, now, "TIMED_OUT", "no result within the wave's deadline ("
                        + ctx.spec(w).deadline().toSeconds() + " s)" + (r.phases.isEmpty() ? ""
                        : ", last reported " + r.phases.get(r.phases.size() - 1).status()));
                stuck++;
            }
        }
        ctx.dirty = true;
        return stuck;
    }

    /** Every device has been sent the operation and no job of this wave is under way. */
    boolean allSent(WaveState w) {
        ActiveJob job = ctx.state.activeJob;
        return w.nextBatch >= w.batches && w.redispatch.isEmpty() && (job == null || job.wave() != w.index);
    }

    /** Every device settled: the wave's result can be decided. */
    boolean isComplete(WaveState w) {
        if (w.step != WaveStep.RUNNING || !allSent(w)) {
            return false;
        }
        for (DeviceRecord r : w.devices.values()) {
            if (!r.state.isSettled()) {
                return false;
            }
        }
        return true;
    }
}
