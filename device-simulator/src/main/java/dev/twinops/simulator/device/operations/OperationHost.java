package dev.twinops.simulator.device.operations;

import dev.twinops.dm.DmMethod;
import dev.twinops.simulator.device.DeviceSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What an operation's state machine may ask of its device: time, timings, the flash, reporting, going offline and
 * ending. Every operation's state is guarded by {@link #lock()}, the device's own; callbacks come on scheduler and
 * transport threads.
 */
public interface OperationHost {

    String deviceId();

    Instant now();

    DeviceSettings settings();

    DeviceFlash flash();

    /** The device's lock, which guards the flash and every run. */
    Object lock();

    /**
     * Reports a phase and runs {@code next} once the hub acknowledged it, unless the run ended or hung meanwhile.
     * {@code patch} is computed under the device lock, and only while the run is still going.
     */
    void phase(OperationRun run, Supplier<Map<String, Object>> patch, Runnable next);

    /** Reports without waiting for the acknowledgement (download progress). */
    void report(Map<String, Object> patch);

    /**
     * Drops the connection, stays away for {@code away}, then boots. The device's first report after the boot, its
     * state as any boot reports it, also carries {@code bootPhase}: the operation's phase on coming back (e.g. a
     * reboot's {@code completed}), computed under the lock once online and only while the run is still going, so
     * that phase costs no report of its own; null adds nothing. {@code afterOnline} runs once that report is
     * acknowledged. If the method was answered less than the response grace ago, the device first waits out the
     * rest of it, so the answer leaves before the connection drops.
     */
    void goOffline(OperationRun run, Duration away, Supplier<Map<String, Object>> bootPhase, Runnable afterOnline);

    /**
     * Power-cycles: offline for the boot time and back as {@link #goOffline} describes, or stuck in boot until the
     * watchdog with the hang fault (then {@code bootPhase} is not reported and the run fails).
     */
    void powerCycle(OperationRun run, Supplier<Map<String, Object>> bootPhase, Runnable afterOnline);

    /** Ends {@code run} successfully; the device takes the next request. */
    void finish(OperationRun run);

    /** Ends {@code run} as failed with {@code code}; reported at once, and the device is free again. */
    void fail(OperationRun run, String code, String message);

    /**
     * Returns the device to its factory state except for {@code keep}'s own record: factory firmware, no other
     * operation history, no custom reported properties, default settings. Call under the lock; returns the patch.
     */
    Map<String, Object> restoreFactoryState(DmMethod keep);
}
