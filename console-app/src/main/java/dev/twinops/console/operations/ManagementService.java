package dev.twinops.console.operations;

import java.time.Duration;
import java.util.List;

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

    /** The ids of the devices matching a condition ("" for every device). */
    List<String> deviceIds(String condition) throws Exception;
}
