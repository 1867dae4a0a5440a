package dev.twinops.simulator.device;

import dev.twinops.dm.DmMethod;
import dev.twinops.dm.json.DmJson;
import dev.twinops.dm.method.FactoryResetRequest;
import dev.twinops.dm.method.FirmwareUpdateRequest;
import dev.twinops.dm.method.InvalidRequestException;
import dev.twinops.dm.method.MethodRequests;
import dev.twinops.dm.method.MethodResponse;
import dev.twinops.dm.method.OperationIds;
import dev.twinops.dm.method.RebootRequest;
import dev.twinops.dm.reported.ErrorCodes;
import dev.twinops.dm.reported.FactoryResetState;
import dev.twinops.dm.reported.FactoryResetStatus;
import dev.twinops.dm.reported.FirmwareUpdateState;
import dev.twinops.dm.reported.FirmwareUpdateStatus;
import dev.twinops.dm.reported.OperationError;
import dev.twinops.dm.reported.RebootState;
import dev.twinops.dm.reported.RebootStatus;
import dev.twinops.dm.reported.ReportedDeviceState;
import dev.twinops.dm.reported.ReportedPatches;
import dev.twinops.simulator.faults.FaultInjector;
import dev.twinops.simulator.faults.FaultKind;
import dev.twinops.simulator.faults.FaultPlan;
import dev.twinops.simulator.firmware.FirmwareFetcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated device: reboot, factory reset and firmware update as state machines that report their phases
 * under {@code iothubDM}, plus telemetry at the desired interval.
 *
 * <p>All state is guarded by this object's monitor and every wait is a task on the shared {@link Scheduler}, so a
 * device costs no thread of its own. Each phase change is reported and acknowledged before the next phase
 * starts, so a console never misses a phase through merging; download progress is reported at most once per
 * {@link DeviceSettings#progressInterval()}. A failed, hung or interrupted operation always ends (a hang via the
 * watchdog), so the next request is never blocked for good.
 */
public final class SimulatedDevice {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDevice.class);
    private static final String TELEMETRY_INTERVAL = "telemetryInterval";
    private static final int MAX_TELEMETRY_INTERVAL_SECONDS = 86_400;
    private static final Set<String> OWN_REPORTED_KEYS = Set.of(ReportedPatches.FIRMWARE_VERSION,
            ReportedPatches.DEVICE_INFO, ReportedPatches.IOTHUB_DM, TELEMETRY_INTERVAL);

    private final String deviceId;
    private final DeviceSettings settings;
    private final HubLink link;
    private final Scheduler scheduler;
    private final FirmwareFetcher fetcher;
    private final FaultInjector faults;
    private final DeviceObserver observer;
    private final Random telemetryRandom;
    private final HubLink.Handler handler = new LinkHandler();

    // guarded by this
    private ConnectionState connection = ConnectionState.OFFLINE;
    private boolean started;
    private boolean stopped;
    private boolean adoptedTwin;
    private String firmwareVersion;
    private RebootState reboot;
    private FactoryResetState factoryReset;
    private FirmwareUpdateState firmware;
    private List<String> customReportedKeys = List.of();
    private Operation current;
    private int telemetryIntervalSeconds;
    private Scheduler.Cancellable telemetryTask = Scheduler.Cancellable.NONE;
    private double temperature = 21.0;

    public SimulatedDevice(String deviceId, DeviceSettings settings, HubLink link, Scheduler scheduler,
                           FirmwareFetcher fetcher, FaultInjector faults, DeviceObserver observer) {
        this.deviceId = deviceId;
        this.settings = settings;
        this.link = link;
        this.scheduler = scheduler;
        this.fetcher = fetcher;
        this.faults = faults;
        this.observer = observer == null ? DeviceObserver.NONE : observer;
        this.firmwareVersion = settings.factoryFirmwareVersion();
        this.telemetryRandom = new Random(deviceId.hashCode());
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
        return firmwareVersion;
    }

    public synchronized int telemetryIntervalSeconds() {
        return telemetryIntervalSeconds;
    }

    /** Connects and reports the initial state; returns at once. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException(deviceId + " already started");
        }
        started = true;
        boot(null);
    }

    /** Stops the device: cancels everything it was doing and closes its connection. */
    public CompletableFuture<Void> stop() {
        synchronized (this) {
            if (stopped) {
                return CompletableFuture.completedFuture(null);
            }
            stopped = true;
            telemetryTask.cancel();
            if (current != null) {
                current.cancelAll();
                current = null;
            }
            setConnection(ConnectionState.STOPPED);
        }
        return link.close();
    }

    // ---------------------------------------------------------------- boot and connection

    /** Goes online; {@code afterOnline} runs once the initial state is acknowledged (finishes an operation). */
    private synchronized void boot(Runnable afterOnline) {
        if (stopped) {
            return;
        }
        setConnection(ConnectionState.CONNECTING);
        link.connect(handler).whenComplete((twin, error) -> {
            if (error != null) {
                return; // cancelled by disconnect/stop
            }
            onConnected(twin, afterOnline);
        });
    }

    private void onConnected(DeviceTwinSnapshot twin, Runnable afterOnline) {
        CompletableFuture<Void> reported;
        synchronized (this) {
            if (stopped) {
                return;
            }
            Map<String, Object> patch = new LinkedHashMap<>();
            if (!adoptedTwin) {
                adoptedTwin = true;
                adopt(twin.reported(), patch);
            }
            applyTelemetryInterval(twin.desired().get(TELEMETRY_INTERVAL), patch);
            patch.putAll(ReportedPatches.firmwareVersion(firmwareVersion));
            patch.putAll(ReportedPatches.deviceInfo(settings.deviceInfo()));
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

    /**
     * Takes over what the twin remembers from an earlier run of this device (its "flash"): the firmware version
     * and operation history. An operation the twin shows as still running was cut off when that run ended, so it
     * is reported failed: it must not look in progress forever.
     */
    private void adopt(Map<String, Object> reported, Map<String, Object> patch) {
        ReportedDeviceState state = ReportedDeviceState.fromReportedProperties(reported);
        if (state.firmwareVersion() != null && !state.firmwareVersion().isBlank()) {
            firmwareVersion = state.firmwareVersion();
        }
        Instant now = scheduler.now();
        OperationError cutOff = new OperationError(ErrorCodes.INTERRUPTED,
                "the device restarted while the operation was running");
        reboot = state.iothubDM().reboot();
        if (reboot != null && reboot.status() == RebootStatus.REBOOTING) {
            reboot = new RebootState(RebootStatus.FAILED, reboot.operationId(), reboot.startedAt(), now, cutOff);
            ReportedPatches.mergeInto(patch, ReportedPatches.reboot(reboot));
        }
        factoryReset = state.iothubDM().factoryReset();
        if (factoryReset != null && factoryReset.status() != null && !factoryReset.status().isTerminal()
                && factoryReset.status() != FactoryResetStatus.UNKNOWN) {
            factoryReset = new FactoryResetState(FactoryResetStatus.FAILED, factoryReset.operationId(),
                    factoryReset.startedAt(), factoryReset.lastFactoryReset(), cutOff);
            ReportedPatches.mergeInto(patch, ReportedPatches.factoryReset(factoryReset));
        }
        firmware = state.iothubDM().firmwareUpdate();
        if (firmware != null && firmware.status() != null && !firmware.status().isTerminal()
                && firmware.status() != FirmwareUpdateStatus.UNKNOWN) {
            firmware = new FirmwareUpdateState(FirmwareUpdateStatus.FAILED, firmware.operationId(),
                    firmware.startedAt(), now, firmware.progress(), firmware.bytesDownloaded(), firmware.bytesTotal(),
                    firmware.targetVersion(), cutOff);
            ReportedPatches.mergeInto(patch, ReportedPatches.firmwareUpdate(firmware));
        }
        List<String> custom = new ArrayList<>();
        for (String key : reported.keySet()) {
            if (!key.startsWith("$") && !OWN_REPORTED_KEYS.contains(key)) {
                custom.add(key);
            }
        }
        customReportedKeys = custom;
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

    // ---------------------------------------------------------------- methods

    private MethodResponse onMethod(String methodName, String payloadJson) {
        DmMethod method = DmMethod.fromMethodName(methodName).orElse(null);
        if (method == null) {
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
            Object request;
            try {
                request = switch (method) {
                    case REBOOT -> MethodRequests.parseReboot(payloadJson);
                    case FACTORY_RESET -> MethodRequests.parseFactoryReset(payloadJson);
                    case FIRMWARE_UPDATE -> MethodRequests.parseFirmwareUpdate(payloadJson);
                };
            } catch (InvalidRequestException e) {
                return MethodResponse.invalidRequest(e.getMessage());
            }
            if (current != null) {
                return MethodResponse.busy(current.method, current.id);
            }
            String requestedId = switch (method) {
                case REBOOT -> ((RebootRequest) request).operationId();
                case FACTORY_RESET -> ((FactoryResetRequest) request).operationId();
                case FIRMWARE_UPDATE -> ((FirmwareUpdateRequest) request).operationId();
            };
            Operation op = new Operation(method, requestedId != null ? requestedId : OperationIds.generate(), plan,
                    scheduler.now());
            current = op;
            notifyObserver();
            LOG.debug("{} accepted {} {}", deviceId, methodName, op.id);
            op.later(Duration.ZERO, () -> {
                switch (method) {
                    case REBOOT -> startReboot(op);
                    case FACTORY_RESET -> startFactoryReset(op);
                    case FIRMWARE_UPDATE -> startFirmwareUpdate(op, (FirmwareUpdateRequest) request);
                }
            });
            return MethodResponse.accepted(method, op.id);
        }
    }

    /** Reports a phase and runs {@code next} once the hub acknowledged it, unless the operation ended meanwhile. */
    private void phase(Operation op, Map<String, Object> patch, Runnable next) {
        report(patch).thenRun(() -> {
            synchronized (this) {
                if (current != op || op.hung) {
                    return;
                }
            }
            next.run();
        });
    }

    private synchronized void endOperation(Operation op) {
        if (current == op) {
            op.cancelAll();
            current = null;
            notifyObserver();
        }
    }

    /**
     * Drops the connection, stays away for {@code away}, then boots and runs {@code afterOnline}. The short grace
     * lets the method answer and the last report leave before the connection closes.
     */
    private void goOffline(Operation op, Duration away, Runnable afterOnline) {
        op.later(settings.responseGrace(), () -> {
            synchronized (this) {
                if (current != op || stopped) {
                    return;
                }
                setConnection(ConnectionState.OFFLINE);
            }
            link.disconnect().whenComplete((v, e) -> op.later(away, () -> boot(afterOnline)));
        });
    }

    // ---------------------------------------------------------------- reboot

    private void startReboot(Operation op) {
        Map<String, Object> patch;
        synchronized (this) {
            if (current != op) {
                return;
            }
            reboot = new RebootState(RebootStatus.REBOOTING, op.id, op.startedAt,
                    reboot == null ? null : reboot.lastReboot(), null);
            patch = ReportedPatches.reboot(reboot);
        }
        phase(op, patch, () -> rebootCycle(op, () -> finishReboot(op)));
    }

    /** Power-cycles: offline for the boot time, or stuck in boot until the watchdog with the hang fault. */
    private void rebootCycle(Operation op, Runnable afterOnline) {
        if (op.faults.has(FaultKind.HANG)) {
            LOG.debug("{} hangs while booting (hang fault)", deviceId);
            goOffline(op, settings.watchdogTimeout(), () -> fail(op, ErrorCodes.WATCHDOG_RESET,
                    "the device hung while booting; its watchdog reset it"));
        } else {
            goOffline(op, settings.bootTime(), afterOnline);
        }
    }

    private void finishReboot(Operation op) {
        Map<String, Object> patch;
        synchronized (this) {
            if (current != op) {
                return;
            }
            reboot = new RebootState(RebootStatus.COMPLETED, op.id, op.startedAt, scheduler.now(), null);
            patch = ReportedPatches.reboot(reboot);
        }
        phase(op, patch, () -> endOperation(op));
    }

    // ---------------------------------------------------------------- factory reset

    private void startFactoryReset(Operation op) {
        Map<String, Object> patch;
        synchronized (this) {
            if (current != op) {
                return;
            }
            factoryReset = new FactoryResetState(FactoryResetStatus.RESETTING, op.id, op.startedAt,
                    factoryReset == null ? null : factoryReset.lastFactoryReset(), null);
            patch = ReportedPatches.factoryReset(factoryReset);
        }
        phase(op, patch, () -> op.later(settings.applyTime(), () -> eraseAndReboot(op)));
    }

    /** Back to factory state: factory firmware, no operation history, no custom reported state, default settings. */
    private void eraseAndReboot(Operation op) {
        Map<String, Object> patch = new LinkedHashMap<>();
        synchronized (this) {
            if (current != op) {
                return;
            }
            firmwareVersion = settings.factoryFirmwareVersion();
            reboot = null;
            firmware = null;
            telemetryTask.cancel();
            telemetryTask = Scheduler.Cancellable.NONE;
            telemetryIntervalSeconds = 0;
            factoryReset = new FactoryResetState(FactoryResetStatus.REBOOTING, op.id, op.startedAt,
                    factoryReset.lastFactoryReset(), null);
            patch.putAll(ReportedPatches.firmwareVersion(firmwareVersion));
            ReportedPatches.mergeInto(patch, ReportedPatches.reboot(null));
            ReportedPatches.mergeInto(patch, ReportedPatches.firmwareUpdate(null));
            ReportedPatches.mergeInto(patch, ReportedPatches.factoryReset(factoryReset));
            patch.put(TELEMETRY_INTERVAL, null);
            for (String key : customReportedKeys) {
                patch.put(key, null);
            }
            customReportedKeys = List.of();
        }
        phase(op, patch, () -> rebootCycle(op, () -> finishFactoryReset(op)));
    }

    private void finishFactoryReset(Operation op) {
        Map<String, Object> patch;
        synchronized (this) {
            if (current != op) {
                return;
            }
            factoryReset = new FactoryResetState(FactoryResetStatus.COMPLETED, op.id, op.startedAt, scheduler.now(),
                    null);
            patch = ReportedPatches.factoryReset(factoryReset);
        }
        phase(op, patch, () -> endOperation(op));
    }

    // ---------------------------------------------------------------- firmware update

    private void startFirmwareUpdate(Operation op, FirmwareUpdateRequest request) {
        Map<String, Object> patch;
        synchronized (this) {
            if (current != op) {
                return;
            }
            op.request = request;
            firmware = new FirmwareUpdateState(FirmwareUpdateStatus.WAITING, op.id, op.startedAt,
                    firmware == null ? null : firmware.lastFirmwareUpdate(), 0, 0L, null, request.version(), null);
            patch = ReportedPatches.firmwareUpdate(firmware);
        }
        phase(op, patch, () -> startDownload(op));
    }

    private void startDownload(Operation op) {
        Map<String, Object> patch;
        synchronized (this) {
            if (current != op) {
                return;
            }
            firmware = withStatus(FirmwareUpdateStatus.DOWNLOADING);
            patch = ReportedPatches.firmwareUpdate(firmware);
        }
        phase(op, patch, () -> {
            synchronized (this) {
                if (current != op) {
                    return;
                }
                op.lastProgressReport = scheduler.now();
                op.download = fetcher.fetch(op.request.packageUri(), new DownloadListener(op));
            }
        });
    }

    private final class DownloadListener implements FirmwareFetcher.Listener {
        private final Operation op;

        DownloadListener(Operation op) {
            this.op = op;
        }

        @Override
        public void onStarted(long totalBytes) {
            synchronized (SimulatedDevice.this) {
                if (current == op) {
                    op.bytesTotal = totalBytes;
                }
            }
        }

        @Override
        public void onProgress(long bytesDownloaded) {
            Map<String, Object> patch = null;
            synchronized (SimulatedDevice.this) {
                if (current != op || op.hung) {
                    return;
                }
                op.bytesDownloaded = bytesDownloaded;
                if (op.bytesTotal > 0 && !op.faultFired && bytesDownloaded >= op.faults.atFraction() * op.bytesTotal
                        && midDownloadFault(op)) {
                    return;
                }
                Instant now = scheduler.now();
                if (Duration.between(op.lastProgressReport, now).compareTo(settings.progressInterval()) >= 0) {
                    op.lastProgressReport = now;
                    firmware = progress(op, FirmwareUpdateStatus.DOWNLOADING);
                    patch = ReportedPatches.firmwareUpdate(firmware);
                }
            }
            if (patch != null) {
                report(patch);
            }
        }

        @Override
        public void onCompleted(String sha256Hex, long bytes) {
            synchronized (SimulatedDevice.this) {
                if (current != op || op.hung) {
                    return;
                }
                op.bytesDownloaded = bytes;
                if (op.bytesTotal < 0) {
                    op.bytesTotal = bytes;
                }
                if (!op.faultFired && midDownloadFault(op)) {
                    return;
                }
                op.download = null;
                op.sha256 = sha256Hex;
            }
            verify(op);
        }

        @Override
        public void onFailed(String reason) {
            synchronized (SimulatedDevice.this) {
                if (current != op || op.hung) {
                    return;
                }
            }
            fail(op, ErrorCodes.DOWNLOAD_FAILED, reason);
        }
    }

    /** Fires a fault that strikes during the download; true if one did (the download is then abandoned). */
    private boolean midDownloadFault(Operation op) {
        FaultKind fault = op.faults.operationFault();
        if (fault != FaultKind.DOWNLOAD_FAILURE && fault != FaultKind.HANG && fault != FaultKind.OFFLINE_DURING_UPDATE) {
            return false;
        }
        op.faultFired = true;
        if (op.download != null) {
            op.download.cancel();
            op.download = null;
        }
        long bytes = op.bytesDownloaded;
        switch (fault) {
            case DOWNLOAD_FAILURE -> op.later(Duration.ZERO, () -> fail(op, ErrorCodes.DOWNLOAD_FAILED,
                    "connection reset by peer after " + bytes + " of " + op.bytesTotal + " bytes (download-failure fault)"));
            case HANG -> {
                LOG.debug("{} hangs during its download (hang fault)", deviceId);
                op.hung = true;
                op.later(settings.watchdogTimeout(), () -> fail(op, ErrorCodes.WATCHDOG_RESET,
                        "the download stalled at " + bytes + " bytes; the watchdog reset the device"));
            }
            case OFFLINE_DURING_UPDATE -> {
                LOG.debug("{} drops offline during its download (offline-during-update fault)", deviceId);
                goOffline(op, settings.offlineDuration(), () -> fail(op, ErrorCodes.INTERRUPTED,
                        "the device lost its connection after " + bytes + " bytes; the update was abandoned"));
            }
            default -> throw new IllegalStateException("not a download fault: " + fault);
        }
        return true;
    }

    private void verify(Operation op) {
        Map<String, Object> patch;
        synchronized (this) {
            if (current != op) {
                return;
            }
            firmware = progress(op, FirmwareUpdateStatus.VERIFYING);
            patch = ReportedPatches.firmwareUpdate(firmware);
        }
        phase(op, patch, () -> op.later(settings.applyTime().dividedBy(2), () -> {
            String actual = op.faults.has(FaultKind.CHECKSUM_MISMATCH) ? corrupt(op.sha256) : op.sha256;
            String expected = op.request.fwPackageCheckValue();
            if (!expected.equals(actual)) {
                fail(op, ErrorCodes.CHECKSUM_MISMATCH, "package SHA-256 is " + actual + ", expected " + expected);
            } else {
                apply(op);
            }
        }));
    }

    private void apply(Operation op) {
        Map<String, Object> patch;
        synchronized (this) {
            if (current != op) {
                return;
            }
            firmware = progress(op, FirmwareUpdateStatus.APPLYING);
            patch = ReportedPatches.firmwareUpdate(firmware);
        }
        phase(op, patch, () -> op.later(settings.applyTime().dividedBy(2), () -> {
            if (op.faults.has(FaultKind.APPLY_FAILURE)) {
                fail(op, ErrorCodes.APPLY_FAILED, "writing the image to flash failed (apply-failure fault); "
                        + "still running " + firmwareVersion());
                return;
            }
            rebootIntoNewImage(op);
        }));
    }

    private void rebootIntoNewImage(Operation op) {
        Map<String, Object> patch;
        synchronized (this) {
            if (current != op) {
                return;
            }
            firmware = progress(op, FirmwareUpdateStatus.REBOOTING);
            patch = ReportedPatches.firmwareUpdate(firmware);
        }
        phase(op, patch, () -> {
            synchronized (this) {
                if (current != op) {
                    return;
                }
                // the new image is in flash: the next boot runs it
                firmwareVersion = op.request.version();
            }
            goOffline(op, settings.bootTime(), () -> finishFirmwareUpdate(op));
        });
    }

    private void finishFirmwareUpdate(Operation op) {
        Map<String, Object> patch = new LinkedHashMap<>();
        synchronized (this) {
            if (current != op) {
                return;
            }
            firmware = new FirmwareUpdateState(FirmwareUpdateStatus.CURRENT, op.id, op.startedAt, scheduler.now(),
                    100, op.bytesDownloaded, op.bytesTotal, op.request.version(), null);
            patch.putAll(ReportedPatches.firmwareVersion(firmwareVersion));
            ReportedPatches.mergeInto(patch, ReportedPatches.firmwareUpdate(firmware));
        }
        phase(op, patch, () -> endOperation(op));
    }

    private FirmwareUpdateState withStatus(FirmwareUpdateStatus status) {
        return new FirmwareUpdateState(status, firmware.operationId(), firmware.startedAt(),
                firmware.lastFirmwareUpdate(), firmware.progress(), firmware.bytesDownloaded(), firmware.bytesTotal(),
                firmware.targetVersion(), null);
    }

    private FirmwareUpdateState progress(Operation op, FirmwareUpdateStatus status) {
        Integer percent = op.bytesTotal > 0 ? (int) Math.min(100, op.bytesDownloaded * 100 / op.bytesTotal) : null;
        return new FirmwareUpdateState(status, op.id, op.startedAt, firmware.lastFirmwareUpdate(), percent,
                op.bytesDownloaded, op.bytesTotal >= 0 ? op.bytesTotal : null, op.request.version(), null);
    }

    private static String corrupt(String sha) {
        char first = sha.charAt(0) == '0' ? '1' : '0';
        return first + sha.substring(1);
    }

    // ---------------------------------------------------------------- failure

    /**
     * Ends an operation as failed: reports the reason and frees the device at once (not waiting for the report),
     * so a failure never blocks the next request.
     */
    private void fail(Operation op, String code, String message) {
        Map<String, Object> patch;
        synchronized (this) {
            if (current != op) {
                return;
            }
            if (op.download != null) {
                op.download.cancel();
                op.download = null;
            }
            Instant now = scheduler.now();
            OperationError error = new OperationError(code, message);
            patch = switch (op.method) {
                case REBOOT -> {
                    reboot = new RebootState(RebootStatus.FAILED, op.id, op.startedAt,
                            ErrorCodes.WATCHDOG_RESET.equals(code) ? now : reboot.lastReboot(), error);
                    yield ReportedPatches.reboot(reboot);
                }
                case FACTORY_RESET -> {
                    factoryReset = new FactoryResetState(FactoryResetStatus.FAILED, op.id, op.startedAt,
                            factoryReset.lastFactoryReset(), error);
                    yield ReportedPatches.factoryReset(factoryReset);
                }
                case FIRMWARE_UPDATE -> {
                    firmware = new FirmwareUpdateState(FirmwareUpdateStatus.FAILED, op.id, op.startedAt, now,
                            firmware.progress(), op.bytesDownloaded, op.bytesTotal >= 0 ? op.bytesTotal : null,
                            op.request.version(), error);
                    yield ReportedPatches.firmwareUpdate(firmware);
                }
            };
            LOG.debug("{} {} {} failed: {} {}", deviceId, op.method.methodName(), op.id, code, message);
            op.cancelAll();
            current = null;
            notifyObserver();
        }
        report(patch);
    }

    // ---------------------------------------------------------------- telemetry

    private void applyTelemetryInterval(Object value, Map<String, Object> patch) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > MAX_TELEMETRY_INTERVAL_SECONDS) {
            LOG.debug("{} ignores desired telemetryInterval {}: not a number of seconds in 0..{}", deviceId, value,
                    MAX_TELEMETRY_INTERVAL_SECONDS);
            return;
        }
        int seconds = (int) Math.round(n.doubleValue());
        if (seconds != telemetryIntervalSeconds || telemetryTask == Scheduler.Cancellable.NONE) {
            telemetryTask.cancel();
            telemetryTask = Scheduler.Cancellable.NONE;
            telemetryIntervalSeconds = seconds;
            if (seconds > 0) {
                scheduleTelemetry(seconds);
            }
        }
        patch.put(TELEMETRY_INTERVAL, seconds);
    }

    private void scheduleTelemetry(int seconds) {
        telemetryTask = scheduler.schedule(Duration.ofSeconds(seconds), () -> {
            String message = null;
            synchronized (this) {
                if (stopped || telemetryIntervalSeconds != seconds) {
                    return;
                }
                if (connection == ConnectionState.ONLINE) {
                    temperature += (telemetryRandom.nextDouble() - 0.5) * 0.4;
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("temperature", Math.round(temperature * 10) / 10.0);
                    body.put("firmwareVersion", firmwareVersion);
                    body.put("time", DmJson.formatInstant(scheduler.now()));
                    message = DmJson.toJson(body);
                }
                scheduleTelemetry(seconds);
            }
            if (message != null) {
                link.sendTelemetry(message);
            }
        });
    }

    private void onDesired(Map<String, Object> desiredPatch) {
        if (!desiredPatch.containsKey(TELEMETRY_INTERVAL)) {
            return;
        }
        Map<String, Object> patch = new LinkedHashMap<>();
        synchronized (this) {
            if (stopped) {
                return;
            }
            Object value = desiredPatch.get(TELEMETRY_INTERVAL);
            if (value == null) {
                telemetryTask.cancel();
                telemetryTask = Scheduler.Cancellable.NONE;
                telemetryIntervalSeconds = 0;
                patch.put(TELEMETRY_INTERVAL, 0);
            } else {
                applyTelemetryInterval(value, patch);
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

    /** One running management operation; its timers die with it. */
    private final class Operation {
        final DmMethod method;
        final String id;
        final FaultPlan faults;
        final Instant startedAt;
        final List<Scheduler.Cancellable> timers = new ArrayList<>();
        FirmwareUpdateRequest request;
        FirmwareFetcher.Download download;
        Instant lastProgressReport;
        long bytesTotal = -1;
        long bytesDownloaded;
        String sha256;
        boolean faultFired;
        boolean hung;

        Operation(DmMethod method, String id, FaultPlan faults, Instant startedAt) {
            this.method = method;
            this.id = id;
            this.faults = faults;
            this.startedAt = startedAt;
        }

        /** Schedules a step of this operation; it does not run once the operation has ended. */
        void later(Duration delay, Runnable step) {
            synchronized (SimulatedDevice.this) {
                if (current != this) {
                    return;
                }
                timers.add(scheduler.schedule(delay, () -> {
                    synchronized (SimulatedDevice.this) {
                        if (current != this) {
                            return;
                        }
                    }
                    step.run();
                }));
            }
        }

        void cancelAll() {
            timers.forEach(Scheduler.Cancellable::cancel);
            timers.clear();
            if (download != null) {
                download.cancel();
                download = null;
            }
        }
    }
}
