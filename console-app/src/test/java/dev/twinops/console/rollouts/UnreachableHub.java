package dev.twinops.console.rollouts;

import java.time.Duration;
import java.util.List;

import dev.twinops.rollout.hub.DeviceReading;
import dev.twinops.rollout.hub.DeviceSelection;
import dev.twinops.rollout.hub.DeviceSnapshot;
import dev.twinops.rollout.hub.HubCallException;
import dev.twinops.rollout.hub.JobDeviceOutcome;
import dev.twinops.rollout.hub.JobProgress;
import dev.twinops.rollout.hub.MethodCall;
import dev.twinops.rollout.hub.RolloutHub;
import dev.twinops.rollout.hub.StatusCount;
import dev.twinops.rollout.hub.WaveTag;
import dev.twinops.rollout.plan.OperationType;

/** A hub with a name whose every call fails: enough for what the console does with saved rollouts. */
final class UnreachableHub implements RolloutHub {

    private final String hostName;

    UnreachableHub(String hostName) {
        this.hostName = hostName;
    }

    private static HubCallException down() {
        return new HubCallException(HubCallException.Kind.OTHER, "the hub is not reachable");
    }

    @Override
    public String hostName() {
        return hostName;
    }

    @Override
    public long queriesUsed() {
        return 0;
    }

    @Override
    public long countDevices(DeviceSelection selection) throws HubCallException {
        throw down();
    }

    @Override
    public List<DeviceSnapshot> listDevices(DeviceSelection selection) throws HubCallException {
        throw down();
    }

    @Override
    public void scheduleTagJob(String jobId, DeviceSelection selection, WaveTag tag, Duration maxExecution)
            throws HubCallException {
        throw down();
    }

    @Override
    public void scheduleMethodJob(String jobId, DeviceSelection selection, MethodCall call, Duration maxExecution)
            throws HubCallException {
        throw down();
    }

    @Override
    public JobProgress jobProgress(String jobId) throws HubCallException {
        throw down();
    }

    @Override
    public List<JobDeviceOutcome> jobOutcomes(String jobId) throws HubCallException {
        throw down();
    }

    @Override
    public void cancelJob(String jobId) throws HubCallException {
        throw down();
    }

    @Override
    public List<StatusCount> statusCounts(String rolloutId, int wave, OperationType operation)
            throws HubCallException {
        throw down();
    }

    @Override
    public List<DeviceReading> readDevices(DeviceSelection.Wave selection, OperationType operation)
            throws HubCallException {
        throw down();
    }
}
