package dev.twinops.rollout.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinops.rollout.e2e.LocalRehearsal;
import dev.twinops.rollout.hub.DeviceReading;
import dev.twinops.rollout.hub.DeviceSelection;
import dev.twinops.rollout.hub.DeviceSnapshot;
import dev.twinops.rollout.hub.HubCallException;
import dev.twinops.rollout.hub.JobDeviceOutcome;
import dev.twinops.rollout.hub.JobProgress;
import dev.twinops.rollout.hub.MethodCall;
import dev.twinops.rollout.hub.RolloutHub;
import dev.twinops.rollout.hub.RolloutQueries;
import dev.twinops.rollout.hub.StatusCount;
import dev.twinops.rollout.hub.WaveTag;
import dev.twinops.rollout.plan.OperationType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The real hub through the service SDK ({@link dev.twinops.rollout.hub.SdkRolloutHub}: every query sent and counted,
 * tag jobs run by the hub), except the method jobs: the devices of {@link ReportedStateFleet} have no connection to
 * answer a method, so a method job here is the fleet accepting the request at once (its devices report
 * {@code downloading}) and the job reads as completed with a 200 from each. The id lookup that stands in for the
 * job's own device selection goes through an uncounted client, as a real job selects its devices inside the hub.
 */
final class StandInMethodJobsHub implements RolloutHub {

    private final RolloutHub hub;
    private final LocalRehearsal stage;
    private final ReportedStateFleet fleet;
    private final BiConsumer<List<String>, String> accepted;
    private final Map<String, List<String>> methodJobs = new HashMap<>();

    /** {@code accepted} hears of each stand-in job's devices and operation id. */
    StandInMethodJobsHub(RolloutHub hub, LocalRehearsal stage, ReportedStateFleet fleet,
                         BiConsumer<List<String>, String> accepted) {
        this.hub = hub;
        this.stage = stage;
        this.fleet = fleet;
        this.accepted = accepted;
    }

    @Override
    public String hostName() {
        return hub.hostName();
    }

    @Override
    public long queriesUsed() {
        return hub.queriesUsed();
    }

    @Override
    public long countDevices(DeviceSelection selection) throws HubCallException {
        return hub.countDevices(selection);
    }

    @Override
    public List<DeviceSnapshot> listDevices(DeviceSelection selection) throws HubCallException {
        return hub.listDevices(selection);
    }

    @Override
    public void scheduleTagJob(String jobId, DeviceSelection selection, WaveTag tag, Duration maxExecution)
            throws HubCallException {
        hub.scheduleTagJob(jobId, selection, tag, maxExecution);
    }

    @Override
    public void scheduleMethodJob(String jobId, DeviceSelection selection, MethodCall call, Duration maxExecution)
            throws HubCallException {
        try {
            List<String> ids = new ArrayList<>();
            for (JsonNode row : stage.query("SELECT deviceId FROM devices WHERE "
                    + RolloutQueries.condition(selection))) {
                ids.add(row.path("deviceId").asText());
            }
            String operationId = call.payload().path("operationId").asText();
            fleet.accept(ids, operationId);
            methodJobs.put(jobId, ids);
            accepted.accept(ids, operationId);
        } catch (Exception e) {
            throw new HubCallException(HubCallException.Kind.OTHER, "stand-in method job failed: " + e, e);
        }
    }

    @Override
    public JobProgress jobProgress(String jobId) throws HubCallException {
        return methodJobs.containsKey(jobId) ? new JobProgress(jobId, JobProgress.Status.COMPLETED, null)
                : hub.jobProgress(jobId);
    }

    @Override
    public List<JobDeviceOutcome> jobOutcomes(String jobId) throws HubCallException {
        List<String> ids = methodJobs.get(jobId);
        if (ids == null) {
            return hub.jobOutcomes(jobId);
        }
        List<JobDeviceOutcome> rows = new ArrayList<>();
        for (String id : ids) {
            rows.add(new JobDeviceOutcome(id, "completed", 200, "{}", null, null));
        }
        return rows;
    }

    @Override
    public void cancelJob(String jobId) throws HubCallException {
        if (!methodJobs.containsKey(jobId)) {
            hub.cancelJob(jobId);
        }
    }

    @Override
    public List<StatusCount> statusCounts(String rolloutId, int wave, OperationType operation)
            throws HubCallException {
        return hub.statusCounts(rolloutId, wave, operation);
    }

    @Override
    public List<DeviceReading> readDevices(DeviceSelection.Wave selection, OperationType operation)
            throws HubCallException {
        return hub.readDevices(selection, operation);
    }
}
