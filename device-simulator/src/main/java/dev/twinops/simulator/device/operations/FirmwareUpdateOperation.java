package dev.twinops.simulator.device.operations;

import dev.twinops.dm.DmMethod;
import dev.twinops.dm.method.FirmwareUpdateRequest;
import dev.twinops.dm.method.MethodRequests;
import dev.twinops.dm.reported.ErrorCodes;
import dev.twinops.dm.reported.FirmwareUpdateState;
import dev.twinops.dm.reported.FirmwareUpdateStatus;
import dev.twinops.dm.reported.OperationError;
import dev.twinops.dm.reported.ReportedDeviceState;
import dev.twinops.dm.reported.ReportedPatches;
import dev.twinops.simulator.faults.FaultKind;
import dev.twinops.simulator.firmware.FirmwareFetcher;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code firmwareUpdate}: downloading at once (the package is really fetched and hashed, progress reported at
 * most once per progress interval) -> verifying (SHA-256 against {@code fwPackageCheckValue}) -> applying ->
 * rebooting into the new image -> current (in the boot's own report, with the new {@code firmwareVersion}).
 * Download faults strike at a drawn point of the download.
 */
public final class FirmwareUpdateOperation implements DeviceOperation<FirmwareUpdateState> {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUpdateOperation.class);
    private static final Set<String> PACKAGE_VERDICTS = Set.of(ErrorCodes.SOURCE_NOT_ALLOWED,
            ErrorCodes.PACKAGE_TOO_LARGE, ErrorCodes.CHECKSUM_MISMATCH);

    private final OperationHost host;
    private final FirmwareFetcher fetcher;

    public FirmwareUpdateOperation(OperationHost host, FirmwareFetcher fetcher) {
        this.host = host;
        this.fetcher = fetcher;
    }

    @Override
    public DmMethod method() {
        return DmMethod.FIRMWARE_UPDATE;
    }

    @Override
    public OperationSteps read(String payloadJson) {
        return new Update(MethodRequests.parseFirmwareUpdate(payloadJson));
    }

    @Override
    public FirmwareUpdateState rememberedIn(ReportedDeviceState twin) {
        return twin.iothubDM().firmwareUpdate();
    }

    @Override
    public FirmwareUpdateState afterRestart(FirmwareUpdateState remembered, Instant now, OperationError cutOff) {
        if (remembered != null && remembered.status() != null && !remembered.status().isTerminal()
                && remembered.status() != FirmwareUpdateStatus.UNKNOWN) {
            return new FirmwareUpdateState(FirmwareUpdateStatus.FAILED, remembered.operationId(),
                    remembered.startedAt(), now, remembered.progress(), remembered.bytesDownloaded(),
                    remembered.bytesTotal(), remembered.targetVersion(), cutOff);
        }
        return remembered;
    }

    @Override
    public Map<String, Object> report(FirmwareUpdateState state) {
        return ReportedPatches.firmwareUpdate(state);
    }

    private FirmwareUpdateState last() {
        return host.flash().lastState(this);
    }

    private Map<String, Object> record(FirmwareUpdateState state) {
        host.flash().remember(this, state);
        return report(state);
    }

    /** One update: its request and download. Fields are guarded by the device lock. */
    private final class Update implements OperationSteps {
        private final FirmwareUpdateRequest request;
        private OperationRun run;
        private FirmwareFetcher.Download download;
        private Instant lastProgressReport;
        private Instant downloadStarted;
        private long bytesTotal = -1;
        private long bytesDownloaded;
        private String sha256;
        private boolean faultFired;

        Update(FirmwareUpdateRequest request) {
            this.request = request;
        }

        @Override
        public String requestedOperationId() {
            return request.operationId();
        }

        /**
         * Reports {@code downloading} and starts the download once that is acknowledged. No {@code waiting} first:
         * this device downloads at once, so nothing would be waited for, and the method's 200 answer already tells
         * the caller the update was accepted (the protocol reports {@code waiting} only for a device that defers
         * its download). A report less is a twin round trip and a device-SDK thread less an update.
         */
        @Override
        public void start(OperationRun run) {
            synchronized (host.lock()) {
                this.run = run;
            }
            run.cancelOnEnd(this::cancelDownload);
            host.phase(run, () -> {
                FirmwareUpdateState last = last();
                return record(new FirmwareUpdateState(FirmwareUpdateStatus.DOWNLOADING, run.id(), run.startedAt(),
                        last == null ? null : last.lastFirmwareUpdate(), 0, 0L, null, request.version(), null));
            }, () -> run.ifActive(() -> {
                lastProgressReport = host.now();
                downloadStarted = lastProgressReport;
                FirmwareFetcher.Download started = fetcher.fetch(request.packageUri(), new DownloadListener());
                if (run.isActive()) {
                    download = started;
                } else {
                    started.cancel(); // refused at once: the run already failed
                }
                return started;
            }));
        }

        private void cancelDownload() {
            synchronized (host.lock()) {
                if (download != null) {
                    download.cancel();
                    download = null;
                }
            }
        }

        /** Fires a fault that strikes during the download; true if one did (the download is then abandoned). */
        private boolean midDownloadFault() {
            FaultKind fault = run.faults().operationFault();
            if (fault != FaultKind.DOWNLOAD_FAILURE && fault != FaultKind.HANG
                    && fault != FaultKind.OFFLINE_DURING_UPDATE) {
                return false;
            }
            faultFired = true;
            cancelDownload();
            long bytes = bytesDownloaded;
            switch (fault) {
                case DOWNLOAD_FAILURE -> run.later(Duration.ZERO, () -> host.fail(run, ErrorCodes.DOWNLOAD_FAILED,
                        "connection reset by peer after " + bytes + " of " + bytesTotal
                                + " bytes (download-failure fault)"));
                case HANG -> {
                    LOG.debug("{} hangs during its download (hang fault)", host.deviceId());
                    run.hang();
                    run.later(host.settings().watchdogTimeout(), () -> host.fail(run, ErrorCodes.WATCHDOG_RESET,
                            "the download stalled at " + bytes + " bytes; the watchdog reset the device"));
                }
                case OFFLINE_DURING_UPDATE -> {
                    LOG.debug("{} drops offline during its download (offline-during-update fault)", host.deviceId());
                    host.goOffline(run, host.settings().offlineDuration(), null, () -> host.fail(run,
                            ErrorCodes.INTERRUPTED, "the device lost its connection after " + bytes
                                    + " bytes; the update was abandoned"));
                }
                default -> throw new IllegalStateException("not a download fault: " + fault);
            }
            return true;
        }

        private void verify() {
            host.phase(run, () -> record(progress(FirmwareUpdateStatus.VERIFYING)),
                    () -> run.later(host.settings().applyTime().dividedBy(2), () -> {
                        String actual = run.faults().has(FaultKind.CHECKSUM_MISMATCH) ? corrupt(sha256) : sha256;
                        String expected = request.fwPackageCheckValue();
                        if (!expected.equals(actual)) {
                            // says what was expected, never what was read: the hash of whatever the URI named
                            host.fail(run, ErrorCodes.CHECKSUM_MISMATCH, "the package's SHA-256 is not the "
                                    + "expected " + expected);
                        } else {
                            apply();
                        }
                    }));
        }

        private void apply() {
            host.phase(run, () -> record(progress(FirmwareUpdateStatus.APPLYING)),
                    () -> run.later(host.settings().applyTime().dividedBy(2), () -> {
                        if (run.faults().has(FaultKind.APPLY_FAILURE)) {
                            String running;
                            synchronized (host.lock()) {
                                running = host.flash().firmwareVersion();
                            }
                            host.fail(run, ErrorCodes.APPLY_FAILED, "writing the image to flash failed "
                                    + "(apply-failure fault); still running " + running);
                            return;
                        }
                        rebootIntoNewImage();
                    }));
        }

        private void rebootIntoNewImage() {
            host.phase(run, () -> record(progress(FirmwareUpdateStatus.REBOOTING)), () -> {
                if (run.ifActive(() -> {
                    host.flash().install(request.version()); // the new image is in flash: the next boot runs it
                    return Boolean.TRUE;
                }) != null) {
                    // current goes out with the boot's own report, which carries the new firmwareVersion
                    host.goOffline(run, host.settings().bootTime(), () -> record(new FirmwareUpdateState(
                            FirmwareUpdateStatus.CURRENT, run.id(), run.startedAt(), host.now(), 100,
                            bytesDownloaded, bytesTotal, request.version(), null)), () -> host.finish(run));
                }
            });
        }

        /**
         * A failure on the package itself (not allowed, too large, wrong checksum) reports no progress or sizes:
         * they would tell the caller facts about whatever the URI named. A transfer that broke off keeps them.
         */
        @Override
        public Map<String, Object> failed(OperationRun failedRun, OperationError error, Instant now) {
            if (PACKAGE_VERDICTS.contains(error.code())) {
                return record(new FirmwareUpdateState(FirmwareUpdateStatus.FAILED, failedRun.id(),
                        failedRun.startedAt(), now, null, null, null, request.version(), error));
            }
            FirmwareUpdateState last = last();
            return record(new FirmwareUpdateState(FirmwareUpdateStatus.FAILED, failedRun.id(), failedRun.startedAt(),
                    now, last == null ? null : last.progress(), bytesDownloaded, bytesTotal >= 0 ? bytesTotal : null,
                    request.version(), error));
        }

        private FirmwareUpdateState progress(FirmwareUpdateStatus status) {
            Integer percent = bytesTotal > 0 ? (int) Math.min(100, bytesDownloaded * 100 / bytesTotal) : null;
            FirmwareUpdateState last = last();
            return new FirmwareUpdateState(status, run.id(), run.startedAt(),
                    last == null ? null : last.lastFirmwareUpdate(), percent, bytesDownloaded,
                    bytesTotal >= 0 ? bytesTotal : null, request.version(), null);
        }

        private final class DownloadListener implements FirmwareFetcher.Listener {
            @Override
            public void onStarted(long totalBytes) {
                synchronized (host.lock()) {
                    if (run.isActive()) {
                        bytesTotal = totalBytes;
                    }
                }
            }

            @Override
            public void onProgress(long bytes) {
                Map<String, Object> patch = null;
                synchronized (host.lock()) {
                    if (!run.isResponsive()) {
                        return;
                    }
                    bytesDownloaded = bytes;
                    if (bytesTotal > 0 && !faultFired && bytes >= run.faults().atFraction() * bytesTotal
                            && midDownloadFault()) {
                        return;
                    }
                    Instant now = host.now();
                    // the last chunk's numbers go out with verifying, right behind: no report of their own
                    boolean last = bytesTotal > 0 && bytes >= bytesTotal;
                    if (!last && Duration.between(lastProgressReport, now)
                            .compareTo(host.settings().progressInterval()) >= 0) {
                        lastProgressReport = now;
                        patch = record(progress(FirmwareUpdateStatus.DOWNLOADING));
                    }
                }
                if (patch != null) {
                    host.report(patch);
                }
            }

            @Override
            public void onCompleted(String sha256Hex, long bytes) {
                synchronized (host.lock()) {
                    if (!run.isResponsive()) {
                        return;
                    }
                    bytesDownloaded = bytes;
                    if (bytesTotal < 0) {
                        bytesTotal = bytes;
                    }
                    if (!faultFired && midDownloadFault()) {
                        return;
                    }
                    download = null;
                    sha256 = sha256Hex;
                    LOG.debug("{} downloaded {} bytes in {} ms", host.deviceId(), bytes,
                            Duration.between(downloadStarted, host.now()).toMillis());
                }
                verify();
            }

            @Override
            public void onFailed(String errorCode, String reason) {
                if (run.isResponsive()) {
                    host.fail(run, errorCode, reason);
                }
            }
        }
    }

    private static String corrupt(String sha) {
        char first = sha.charAt(0) == '0' ? '1' : '0';
        return first + sha.substring(1);
    }
}
