package dev.twinops.dm.reported;

import dev.twinops.dm.json.DmJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds reported-property patches in the exact wire shape. Twin patches merge, so every section is sent whole
 * with explicit nulls: a new operation's report then clears the previous operation's error or progress.
 */
public final class ReportedPatches {

    public static final String FIRMWARE_VERSION = "firmwareVersion";
    public static final String DEVICE_INFO = "deviceInfo";
    public static final String IOTHUB_DM = "iothubDM";
    public static final String REBOOT = "reboot";
    public static final String FACTORY_RESET = "factoryReset";
    public static final String FIRMWARE_UPDATE = "firmwareUpdate";

    private ReportedPatches() {
    }

    public static Map<String, Object> reboot(RebootState state) {
        return dm(REBOOT, state == null ? null : state.toReported());
    }

    public static Map<String, Object> factoryReset(FactoryResetState state) {
        return dm(FACTORY_RESET, state == null ? null : state.toReported());
    }

    public static Map<String, Object> firmwareUpdate(FirmwareUpdateState state) {
        return dm(FIRMWARE_UPDATE, state == null ? null : state.toReported());
    }

    public static Map<String, Object> firmwareVersion(String version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(FIRMWARE_VERSION, version);
        return m;
    }

    public static Map<String, Object> deviceInfo(DeviceInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(DEVICE_INFO, info == null ? null : info.toReported());
        return m;
    }

    /**
     * Deep-merges {@code patch} into {@code target} with twin semantics (objects merge key by key, anything else
     * replaces). Nulls are kept, since in a patch they mean "delete". Used to coalesce queued reports.
     */
    @SuppressWarnings("unchecked")
    public static void mergeInto(Map<String, Object> target, Map<String, ?> patch) {
        for (Map.Entry<String, ?> e : patch.entrySet()) {
            Object incoming = e.getValue();
            Object existing = target.get(e.getKey());
            if (incoming instanceof Map<?, ?> in && existing instanceof Map<?, ?> ex) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) ex);
                mergeInto(copy, (Map<String, ?>) in);
                target.put(e.getKey(), copy);
            } else if (incoming instanceof Map<?, ?> in) {
                Map<String, Object> copy = new LinkedHashMap<>();
                mergeInto(copy, (Map<String, ?>) in);
                target.put(e.getKey(), copy);
            } else {
                target.put(e.getKey(), incoming);
            }
        }
    }

    static String time(Instant instant) {
        return DmJson.formatInstant(instant);
    }

    private static Map<String, Object> dm(String section, Map<String, Object> value) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put(section, value);
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put(IOTHUB_DM, inner);
        return outer;
    }
}
