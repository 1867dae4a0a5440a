package dev.twinops.simulator.device.operations;

import dev.twinops.dm.DmMethod;
import dev.twinops.dm.reported.DeviceInfo;
import dev.twinops.dm.reported.ErrorCodes;
import dev.twinops.dm.reported.OperationError;
import dev.twinops.dm.reported.ReportedPatches;
import dev.twinops.simulator.device.DeviceSettings;
import dev.twinops.simulator.device.ManualScheduler;
import dev.twinops.simulator.faults.FaultKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A device reduced to what an operation sees, for driving one state machine on virtual time without a hub link:
 * every report is acknowledged at once and merged into {@link #reported}; going offline and coming back are
 * recorded as events, and coming back reports the firmware version with the operation's boot phase, as a device's
 * boot does.
 */
final class RecordingHost implements OperationHost {

    static final Duration BOOT = Duration.ofSeconds(5);
    static final Duration GRACE = Duration.ofMillis(300);

    final ManualScheduler clock = new ManualScheduler();
    final DeviceFlash flash = new DeviceFlash("1.0.0");
    final DeviceSettings settings = new DeviceSettings("1.0.0", new DeviceInfo("TwinOps Devices", "TX-100", "SN-1"),
            BOOT, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(15),
            Duration.ofSeconds(1), GRACE);
    final List<Map<String, Object>> reports = new ArrayList<>();
    final Map<String, Object> reported = new LinkedHashMap<>();
    final List<String> events = new ArrayList<>();
    final List<DeviceOperation<?>> operations = new ArrayList<>();

    @Override
    public String deviceId() {
        return "dev-1";
    }

    @Override
    public Instant now() {
        return clock.now();
    }

    @Override
    public DeviceSettings settings() {
        return settings;
    }

    @Override
    public DeviceFlash flash() {
        return flash;
    }

    @Override
    public Object lock() {
        return this;
    }

    @Override
    public void phase(OperationRun run, Supplier<Map<String, Object>> patch, Runnable next) {
        Map<String, Object> p = run.ifActive(patch);
        if (p == null) {
            return;
        }
        report(p);
        if (run.isResponsive()) {
            next.run();
        }
    }

    @Override
    public synchronized void report(Map<String, Object> patch) {
        reports.add(patch);
        ReportedPatches.mergeInto(reported, patch);
    }

    @Override
    public void goOffline(OperationRun run, Duration away, Supplier<Map<String, Object>> bootPhase,
                          Runnable afterOnline) {
        Duration grace = GRACE.minus(Duration.between(run.startedAt(), clock.now()));
        run.later(grace.isNegative() ? Duration.ZERO : grace, () -> {
            events.add("offline");
            run.later(away, () -> {
                events.add("online");
                Map<String, Object> boot = new LinkedHashMap<>(
                        ReportedPatches.firmwareVersion(flash.firmwareVersion()));
                Map<String, Object> phase = bootPhase == null ? null : run.ifActive(bootPhase);
                if (phase != null) {
                    ReportedPatches.mergeInto(boot, phase);
                }
                report(boot);
                afterOnline.run();
            });
        });
    }

    @Override
    public void powerCycle(OperationRun run, Supplier<Map<String, Object>> bootPhase, Runnable afterOnline) {
        if (run.faults().has(FaultKind.HANG)) {
            goOffline(run, settings.watchdogTimeout(), null,
                    () -> fail(run, ErrorCodes.WATCHDOG_RESET, "hung in boot"));
        } else {
            goOffline(run, BOOT, bootPhase, afterOnline);
        }
    }

    @Override
    public void finish(OperationRun run) {
        run.end();
        events.add("finished");
    }

    @Override
    public void fail(OperationRun run, String code, String message) {
        Map<String, Object> patch;
        synchronized (this) {
            if (!run.isActive()) {
                return;
            }
            patch = run.steps().failed(run, new OperationError(code, message), clock.now());
            run.end();
        }
        events.add("failed " + code);
        report(patch);
    }

    @Override
    public synchronized Map<String, Object> restoreFactoryState(DmMethod keep) {
        return flash.erase(operations, keep);
    }

    /** The value at a dotted path in the merged reported properties. */
    @SuppressWarnings("unchecked")
    synchronized Object at(String path) {
        Object node = reported;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = ((Map<String, Object>) m).get(part);
        }
        return node;
    }
}
