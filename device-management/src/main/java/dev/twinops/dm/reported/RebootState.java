package dev.twinops.dm.reported;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code iothubDM.reboot}. {@code lastReboot} is when the device last finished booting. */
public record RebootState(RebootStatus status, String operationId, Instant startedAt, Instant lastReboot,
                          OperationError error) {

    /** The reported-properties value: every field present, absent ones as null so a patch clears stale values. */
    public Map<String, Object> toReported() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status == null ? null : status.wireName());
        m.put("operationId", operationId);
        m.put("startedAt", ReportedPatches.time(startedAt));
        m.put("lastReboot", ReportedPatches.time(lastReboot));
        m.put("error", error == null ? null : error.toReported());
        return m;
    }
}
