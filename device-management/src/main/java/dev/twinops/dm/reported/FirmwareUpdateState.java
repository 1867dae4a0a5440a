package dev.twinops.dm.reported;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code iothubDM.firmwareUpdate}. {@code progress} is 0-100 over the download; {@code lastFirmwareUpdate} is when
 * the last update finished (successfully or not).
 */
public record FirmwareUpdateState(FirmwareUpdateStatus status, String operationId, Instant startedAt,
                                  Instant lastFirmwareUpdate, Integer progress, Long bytesDownloaded,
                                  Long bytesTotal, String targetVersion, OperationError error) {

    public Map<String, Object> toReported() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status == null ? null : status.wireName());
        m.put("operationId", operationId);
        m.put("startedAt", ReportedPatches.time(startedAt));
        m.put("lastFirmwareUpdate", ReportedPatches.time(lastFirmwareUpdate));
        m.put("progress", progress);
        m.put("bytesDownloaded", bytesDownloaded);
        m.put("bytesTotal", bytesTotal);
        m.put("targetVersion", targetVersion);
        m.put("error", error == null ? null : error.toReported());
        return m;
    }
}
