package dev.twinops.simulator.device;

import dev.twinops.dm.DmMethod;
import dev.twinops.dm.method.InvalidRequestException;
import dev.twinops.dm.method.MethodResponse;
import dev.twinops.dm.method.OperationIds;
import dev.twinops.dm.reported.ErrorCodes;
import dev.twinops.dm.reported.OperationError;
import dev.twinops.dm.reported.ReportedPatches;
import dev.twinops.simulator.device.operations.DeviceFlash;
import dev.twinops.simulator.device.operations.DeviceOperation;
import dev.twinops.simulator.device.operations.FactoryResetOperation;
import dev.twinops.simulator.device.operations.FirmwareUpdateOperation;
import dev.twinops.simulator.device.operations.OperationHost;
import dev.twinops.simulator.device.operations.OperationRun;
import dev.twinops.simulator.device.operations.OperationSteps;
import dev.twinops.simulator.device.operations.RebootOperation;
import dev.twinops.simulator.faults.FaultInjector;
import dev.twinops.simulator.faults.FaultKind;
import dev.twinops.simulator.faults.FaultPlan;
import dev.twinops.simulator.firmware.FirmwareFetcher;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated device: its connection and boot, the dispatch of management methods to their
 * {@link DeviceOperation}s (reboot, factory reset, firmware update, each a state machine reporting its phases
 * under {@code iothubDM}), and telemetry at the desired interval. What survives a reboot is in its
 * {@link DeviceFlash}.
 *
 * <p>All state is guarded by this object's monitor and every wait is a task on the shared {@link Scheduler}, so a
 * device costs no thread of its own. Each phase change is reported and acknowledged before the next phase
 * starts, so a console never misses a phase through merging (the phase an operation reaches on coming back from a
 * reboot goes out in the boot's own report); download progress is reported at most once per
 * {@link DeviceSettings#progressInterval()}. A failed, hung or interrupted operation always ends (a hang via the
 * watchdog), so the next request is never blocked for good. One operation runs at a time. It stays one class past
 * 400 lines because the boot, the dispatch and the operations' {@link OperationHost} share that monitor and its fields.
 */
public final class SimulatedDevice {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDevice.class);

    private final String deviceId;
    private final DeviceSettings settings;
    private final HubLink link;
    private final Scheduler scheduler;
    private final FaultInjector faults;
    private final DeviceObserver observer;
    private final Telemetry telemetry;
    private final HubLink.Handler handler = new LinkHandler();
    private final Host host = new Host();
    private final Map<DmMethod, DeviceOperation<?>> operations = new LinkedHashMap<>();

    // guarded by this
    private final DeviceFlash flash;
    private ConnectionState connection = ConnectionState.OFFLINE;
    private boolean started;
    private boolean stopped;
    private boolean adoptedTwin;
    private OperationRun current;

    public SimulatedDevice(String deviceId, DeviceSettings settings, HubLink link, Scheduler scheduler,
                           FirmwareFetcher fetcher, FaultInjector faults, DeviceObserver observer) {
        this.deviceId = deviceId;
        this.settings = settings;
        this.link = link;
        this.scheduler = scheduler;
        this.faults = faults;
        this.observer = observer == null ? DeviceObserver.NONE : observer;
        this.flash = new DeviceFlash(settings.factoryFirmwareVersion());
        this.telemetry = new Telemetry(deviceId, this, scheduler,
                () -> connection == ConnectionState.ONLINE ? flash.firmwareVersion() : null, link::sendTelemetry);
        register(new RebootOperation(host));
        register(new FactoryResetOperation(host));
        register(new FirmwareUpdateOperation(host, fetcher));
    }

    private void register(DeviceOperation<?> operation) {
        operations.put(operation.method(), operation);
    }

    public String deviceId() {
        return deviceId;
    }

    public synchronized ConnectionState connectionState() {
        return connection;
    }

    public synchronized boolean isBusy() {
        return current != null;
    }

    public synchronized String firmwareVersion() {
        return flash.firmwareVersion();
    }

    public int telemetryIntervalSeconds() {
        return telemetry.intervalSeconds();
    }

    /** Connects and reports the initial state; returns at once. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException(deviceId + " already started");
        }
        started = true;
        boot(null, null);
    }

    /** Stops the device: cancels everything it was doing and closes its connection. */
    public CompletableFuture<Void> stop() {
        synchronized (this) {
            if (stopped) {
                return CompletableFuture.completedFuture(null);
            }
            stopped = true;
            telemetry.stop();
            if (current != null) {
                current.end();
                current = null;
            }
            setConnection(ConnectionState.STOPPED);
        }
        return link.close();
    }

    /**
     * Power-cycles an idle device outside any operation, as a reboot does: off for {@code away}, then booted with its
     * state reported (what a benchmark takes as the floor of an update). Completes once online; fails if not idle.
     */
    public CompletableFuture<Void> powerCycle(Duration away) {
        CompletableFuture<Void> online = new CompletableFuture<>();
        synchronized (this) {
            if (stopped || current != null || connection != ConnectionState.ONLINE) {
                online.completeExceptionally(new IllegalStateException(deviceId + " is not idle and online"));
                return online;
            }
            setConnection(ConnectionState.OFFLINE);
        }
        powerOff(away, () -> boot(null, () -> online.complete(null)));
        return online;
    }

    /**
     * Drops the connection; {@code boot} runs once {@code away} has passed since the power cut and the old client has
     * closed (its close may wait for a turn on the fleet's executor: that time is not added to the boot time).
     */
    private void powerOff(Duration away, Runnable boot) {
        CompletableFuture<Void> awayOver = new CompletableFuture<>();
        scheduler.schedule(away, () -> awayOver.complete(null));
        link.disconnect().handle((v, e) -> null).thenCombine(awayOver, (a, b) -> null).thenRun(boot);
    }

    // ---------------------------------------------------------------- boot and connection

    /**
     * Goes online and reports the device's state, with {@code bootPhase}'s patch if given (an operation's phase on
     * coming back; null from it adds nothing); {@code afterOnline} runs once that report is acknowledged.
     */
    private synchronized void boot(Supplier<Map<String, Object>> bootPhase, Runnable afterOnline) {
        if (stopped) {
            return;
        }
        setConnection(ConnectionState.CONNECTING);
        link.connect(handler).whenComplete((twin, error) -> {
            if (error != null) {
                return; // cancelled by disconnect/stop
            }
            onConnected(twin, bootPhase, afterOnline);
        });
    }

    private void onConnected(DeviceTwinSnapshot twin, Supplier<Map<String, Object>> bootPhase,
                             Runnable afterOnline) {
        CompletableFuture<Void> reported;
        synchronized (this) {
            if (stopped) {
                return;
            }
            Map<String, Object> patch = new LinkedHashMap<>();
            if (!adoptedTwin) {
                adoptedTwin = true;
                patch.putAll(flash.adopt(twin.reported(), operations.values(), scheduler.now()));
            }
            telemetry.apply(twin.desired().get(Telemetry.INTERVAL_PROPERTY), patch);
            patch.putAll(ReportedPatches.firmwareVersion(flash.firmwareVersion()));
            patch.putAll(ReportedPatches.deviceInfo(settings.deviceInfo()));
            Map<String, Object> phase = bootPhase == null ? null : bootPhase.get();
            if (phase != null) {
                ReportedPatches.mergeInto(patch, phase);
            }
            reported = report(patch);
        }
        reported.thenRun(() -> {
            synchronized (this) {
                if (stopped) {
                    return;
                }
                setConnection(ConnectionState.ONLINE);
            }
            if (afterOnline != null) {
                afterOnline.run();
            }
        });
    }

    private synchronized void onTransportChanged(boolean up) {
        if (stopped || connection == ConnectionState.CONNECTING) {
            return;
        }
        setConnection(up ? ConnectionState.ONLINE : ConnectionState.OFFLINE);
    }

    private void setConnection(ConnectionState state) {
        if (connection != state) {
            connection = state;
            notifyObserver();
        }
    }

    private void notifyObserver() {
        try {
            observer.onStateChanged(deviceId, connection, current != null);
        } catch (RuntimeException e) {
            LOG.warn("device observer failed for {}", deviceId, e);
        }
    }

    private CompletableFuture<Void> report(Map<String, Object> patch) {
        CompletableFuture<Void> f = link.report(patch);
        f.thenRun(() -> observer.onReported(deviceId, patch));
        return f;
    }

    // ---------------------------------------------------------------- method dispatch

    private MethodResponse onMethod(String methodName, String payloadJson) {
        DmMethod method = DmMethod.fromMethodName(methodName).orElse(null);
        DeviceOperation<?> operation = method == null ? null : operations.get(method);
        if (operation == null) {
            return MethodResponse.unknownMethod(methodName);
        }
        FaultPlan plan = faults.draw(method);
        if (plan.slowResponse()) {
            // The SDK only sends the answer when this callback returns: blocking its thread is how a slow
            // device looks from the hub. Only this device's receive thread waits.
            LOG.debug("{} answers {} late (slow-response fault)", deviceId, methodName);
            try {
                TimeUnit.NANOSECONDS.sleep(settings.slowResponseDelay().toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (stopped) {
                return MethodResponse.refused(method, "device is shutting down");
            }
            if (plan.refuse()) {
                return MethodResponse.refused(method, "device declined " + methodName + " (refuse-method fault)");
            }
            OperationSteps steps;
            try {
                steps = operation.read(payloadJson);
            } catch (InvalidRequestException e) {
                return MethodResponse.invalidRequest(e.getMessage());
            }
            if (current != null) {
                return MethodResponse.busy(current.method(), current.id());
            }
            String requestedId = steps.requestedOperationId();
            OperationRun run = new OperationRun(method, requestedId != null ? requestedId : OperationIds.generate(),
                    plan, scheduler.now(), steps, this, scheduler);
            current = run;
            notifyObserver();
            LOG.debug("{} accepted {} {}", deviceId, methodName, run.id());
            run.later(Duration.ZERO, () -> steps.start(run));
            return MethodResponse.accepted(method, run.id());
        }
    }

    private synchronized void endOperation(OperationRun run) {
        if (current == run) {
            run.end();
            current = null;
            notifyObserver();
        }
    }

    /**
     * Ends an operation as failed: reports the reason and frees the device at once (not waiting for the report),
     * so a failure never blocks the next request.
     */
    private void fail(OperationRun run, String code, String message) {
        Map<String, Object> patch;
        synchronized (this) {
            if (current != run) {
                return;
            }
            patch = run.steps().failed(run, new OperationError(code, message), scheduler.now());
            LOG.debug("{} {} {} failed: {} {}", deviceId, run.method().methodName(), run.id(), code, message);
            run.end();
            current = null;
            notifyObserver();
        }
        report(patch);
    }

    /** What the operations may ask of this device. */
    private final class Host implements OperationHost {
        @Override
        public String deviceId() {
            return deviceId;
        }

        @Override
        public Instant now() {
            return scheduler.now();
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
            return SimulatedDevice.this;
        }

        @Override
        public void phase(OperationRun run, Supplier<Map<String, Object>> patch, Runnable next) {
            Map<String, Object> phasePatch = run.ifActive(patch);
            if (phasePatch == null) {
                return;
            }
            SimulatedDevice.this.report(phasePatch).thenRun(() -> {
                if (run.isResponsive()) {
                    next.run();
                }
            });
        }

        @Override
        public void report(Map<String, Object> patch) {
            SimulatedDevice.this.report(patch);
        }

        @Override
        public void goOffline(OperationRun run, Duration away, Supplier<Map<String, Object>> bootPhase,
                              Runnable afterOnline) {
            // only the rest of the grace since the answer: a reboot that follows further phases need not wait
            Duration sinceAnswer = Duration.between(run.startedAt(), scheduler.now());
            Duration grace = settings.responseGrace().minus(sinceAnswer);
            run.later(grace.isNegative() ? Duration.ZERO : grace, () -> {
                synchronized (SimulatedDevice.this) {
                    if (current != run || stopped) {
                        return;
                    }
                    setConnection(ConnectionState.OFFLINE);
                }
                powerOff(away, () -> run.later(Duration.ZERO, () -> boot(
                        bootPhase == null ? null : () -> run.ifActive(bootPhase), afterOnline)));
            });
        }

        @Override
        public void powerCycle(OperationRun run, Supplier<Map<String, Object>> bootPhase, Runnable afterOnline) {
            if (run.faults().has(FaultKind.HANG)) {
                LOG.debug("{} hangs while booting (hang fault)", deviceId);
                goOffline(run, settings.watchdogTimeout(), null, () -> fail(run, ErrorCodes.WATCHDOG_RESET,
                        "the device hung while booting; its watchdog reset it"));
            } else {
                goOffline(run, settings.bootTime(), bootPhase, afterOnline);
            }
        }

        @Override
        public void finish(OperationRun run) {
            endOperation(run);
        }

        @Override
        public void fail(OperationRun run, String code, String message) {
            SimulatedDevice.this.fail(run, code, message);
        }

        @Override
        public Map<String, Object> restoreFactoryState(DmMethod keep) {
            synchronized (SimulatedDevice.this) {
                Map<String, Object> patch = flash.erase(operations.values(), keep);
                telemetry.turnOff();
                patch.put(Telemetry.INTERVAL_PROPERTY, null);
                return patch;
            }
        }
    }

    private void onDesired(Map<String, Object> desiredPatch) {
        if (!desiredPatch.containsKey(Telemetry.INTERVAL_PROPERTY)) {
            return;
        }
        Map<String, Object> patch = new LinkedHashMap<>();
        synchronized (this) {
            if (stopped) {
                return;
            }
            Object value = desiredPatch.get(Telemetry.INTERVAL_PROPERTY);
            if (value == null) {
                telemetry.turnOff();
                patch.put(Telemetry.INTERVAL_PROPERTY, 0);
            } else {
                telemetry.apply(value, patch);
            }
        }
        if (!patch.isEmpty()) {
            report(patch);
        }
    }

    private final class LinkHandler implements HubLink.Handler {
        @Override
        public MethodResponse onMethod(String methodName, String payloadJson) {
            return SimulatedDevice.this.onMethod(methodName, payloadJson);
        }

        @Override
        public void onDesiredPropertiesChanged(Map<String, Object> desiredPatch) {
            SimulatedDevice.this.onDesired(desiredPatch);
        }

        @Override
        public void onConnectionChanged(boolean connected) {
            onTransportChanged(connected);
        }
    }
}
