package dev.twinops.rollout.hub;

import dev.twinops.rollout.plan.OperationType;
import java.time.Duration;
import java.util.List;

/**
 * What the rollout engine needs from IoT Hub. Every call is blocking and made from the engine's own thread.
 * {@link #queriesUsed()} counts the twin queries sent (each page is one), so the engine can keep to the hub's
 * query budget and show what progress costs.
 */
public interface RolloutHub {

    /** The hub's host name, for the audit journal. */
    String hostName();

    /** Twin queries sent so far (monotonic). */
    long queriesUsed();

    /** {@code SELECT COUNT() ...}: one query. */
    long countDevices(DeviceSelection selection) throws HubCallException;

    /** Every selected device's id, connection state, firmware version and rollout batch; one query per page. */
    List<DeviceSnapshot> listDevices(DeviceSelection selection) throws HubCallException;

    /** A twin-update job writing {@code tags.rollout} on the selected devices. */
    void scheduleTagJob(String jobId, DeviceSelection selection, WaveTag tag, Duration maxExecution)
            throws HubCallException;

    /** A direct-method job over the selected devices. */
    void scheduleMethodJob(String jobId, DeviceSelection selection, MethodCall call, Duration maxExecution)
            throws HubCallException;

    JobProgress jobProgress(String jobId) throws HubCallException;

    /** The job's per-device rows; one query per page. */
    List<JobDeviceOutcome> jobOutcomes(String jobId) throws HubCallException;

    void cancelJob(String jobId) throws HubCallException;

    /** The wave's devices counted by the operation's reported status ({@code GROUP BY}); one query. */
    List<StatusCount> statusCounts(String rolloutId, int wave, OperationType operation) throws HubCallException;

    /** Progress detail for a few devices of a wave (the engine keeps the id list short); one query. */
    List<DeviceReading> readDevices(DeviceSelection.Wave selection, OperationType operation)
            throws HubCallException;
}
