package dev.twinops.simulator.device.operations;

import dev.twinops.dm.DmMethod;
import dev.twinops.dm.reported.OperationError;
import dev.twinops.dm.reported.ReportedDeviceState;
import java.time.Instant;
import java.util.Map;

/**
 * One device-management method a simulated device implements: how it reads a request, the state machine that
 * carries it out, and the state it leaves in the device's {@link DeviceFlash} and reports under {@code iothubDM}.
 * A device registers one instance of each; adding a method means one more implementation and one more
 * registration line in {@code SimulatedDevice}.
 *
 * @param <S> the state this operation reports (e.g. {@code RebootState}); it outlives a run in the flash
 */
public interface DeviceOperation<S> {

    /** The direct method this operation answers. */
    DmMethod method();

    /**
     * Reads and validates a request's payload.
     *
     * @return the state machine for this request; it starts only if the device accepts the request
     * @throws dev.twinops.dm.method.InvalidRequestException with the reason for a 400 answer
     */
    OperationSteps read(String payloadJson);

    /** This operation's state as the twin of an earlier run of the device left it, or null. */
    S rememberedIn(ReportedDeviceState twin);

    /**
     * What the device keeps of {@code remembered} when it boots: a run the twin shows as still going was cut off
     * when that run of the device ended, so it is failed with {@code cutOff} (it must not look in progress
     * forever). Returns {@code remembered} itself when nothing changes.
     */
    S afterRestart(S remembered, Instant now, OperationError cutOff);

    /** The reported patch for {@code state}; null clears this operation's section. */
    Map<String, Object> report(S state);
}
