package dev.twinops.console.operations;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The hub calls behind the operation buttons. Every method blocks: call it off the FX thread. */
public interface ManagementService {

    /** One direct method call; hub errors come back as an outcome, never as an exception. */
    MethodOutcome invoke(String deviceId, OperationRequest request);

    /**
     * Schedules a direct-method job over the devices matching {@code condition}, starting now.
     *
     * @return the job's status as the hub reports it (queued, running, ...)
     */
    String scheduleJob(String jobId, String condition, OperationRequest request, Duration maxExecution) throws Exception;

    /**
     * The status of job {@code jobId} as the hub reports it, or empty when the hub has no such job: after the answer
     * to {@link #scheduleJob} was lost, whether the hub created the job all the same.
     */
    Optional<String> jobStatus(String jobId) throws Exception;

    /** The ids of the devices matching a condition ("" for every device). */
    List<String> deviceIds(String condition) throws Exception;
}
