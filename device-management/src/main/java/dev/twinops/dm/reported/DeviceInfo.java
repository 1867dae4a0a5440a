package dev.twinops.dm.reported;

import java.util.LinkedHashMap;
import java.util.Map;

/** Top-level reported {@code deviceInfo}. */
public record DeviceInfo(String manufacturer, String model, String serialNumber) {

    public Map<String, Object> toReported() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("manufacturer", manufacturer);
        m.put("model", model);
        m.put("serialNumber", serialNumber);
        return m;
    }
}
