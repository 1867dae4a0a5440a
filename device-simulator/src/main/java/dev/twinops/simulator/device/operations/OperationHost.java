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
     * Drops the connection, stays away for {@code away}, then boots and runs {@code afterOnline} once the device's
     * initial state is acknowledged. A short grace lets the method answer and the last report leave first.
     */
    void goOffline(OperationRun run, Duration away, Runnable afterOnline);

    /** Power-cycles: offline for the boot time, or stuck in boot until the watchdog with the hang fault. */
    void powerCycle(OperationRun run, Runnable afterOnline);

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
