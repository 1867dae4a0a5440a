package dev.twinops.dm.reported;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code iothubDM.factoryReset}. {@code lastFactoryReset} is when the last reset finished. */
public record FactoryResetState(FactoryResetStatus status, String operationId, Instant startedAt,
                                Instant lastFactoryReset, OperationError error) {

    public Map<String, Object> toReported() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status == null ? null : status.wireName());
        m.put("operationId", operationId);
        m.put("startedAt", ReportedPatches.time(startedAt));
        m.put("lastFactoryReset", ReportedPatches.time(lastFactoryReset));
        m.put("error", error == null ? null : error.toReported());
        return m;
    }
}
