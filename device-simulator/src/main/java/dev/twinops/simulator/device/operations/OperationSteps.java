package dev.twinops.simulator.device.operations;

import dev.twinops.dm.reported.OperationError;
import java.time.Instant;
import java.util.Map;

/** The state machine of one accepted request; it runs at most once. */
public interface OperationSteps {

    /** The operation id the request asks to be reported under; null lets the device make one. */
    String requestedOperationId();

    /** The first step, on a scheduler thread, after the device answered 200. */
    void start(OperationRun run);

    /**
     * Ends {@code run} as failed: records the failed state in the flash and returns the patch reporting it.
     * Called by the device under its lock; the patch says why, never what the device read (no hash, no size).
     */
    Map<String, Object> failed(OperationRun run, OperationError error, Instant now);
}
