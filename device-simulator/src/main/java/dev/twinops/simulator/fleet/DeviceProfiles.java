package dev.twinops.simulator.fleet;

import dev.twinops.dm.reported.DeviceInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who each simulated device is: model, site and rollout ring (registered as twin tags, useful for filtering and
 * staged rollouts) and its reported device info. Derived from the index, so a fleet looks the same every run.
 */
final class DeviceProfiles {

    static final String MANUFACTURER = "TwinOps Devices";
    private static final String[] MODELS = {"TX-100", "TX-200", "TX-300"};
    private static final String[] SITES = {"plant-north", "plant-south", "warehouse-east", "lab"};

    private DeviceProfiles() {
    }

    static String model(int index) {
        return MODELS[(index - 1) % MODELS.length];
    }

    static String site(int index) {
        return SITES[((index - 1) / 5) % SITES.length];
    }

    /** 5 % canary, 20 % early, the rest broad, spread evenly through the id range. */
    static String ring(int index) {
        int slot = (index - 1) % 20;
        return slot == 0 ? "canary" : slot <= 4 ? "early" : "broad";
    }

    static Map<String, Object> tags(int index) {
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put("site", site(index));
        tags.put("model", model(index));
        tags.put("ring", ring(index));
        tags.put("simulated", true);
        return tags;
    }

    static DeviceInfo deviceInfo(int index, String deviceId) {
        String serial = String.format("SN-%08X", (deviceId.hashCode() ^ 0x5f3759df) & 0xffffffffL);
        return new DeviceInfo(MANUFACTURER, model(index), serial);
    }
}
