package dev.twinops.dm.reported;

import java.util.LinkedHashMap;
import java.util.Map;

/** Why an operation failed: a stable {@link ErrorCodes code} for programs and a message for people. */
public record OperationError(String code, String message) {

    Map<String, Object> toReported() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("message", message);
        return m;
    }
}
