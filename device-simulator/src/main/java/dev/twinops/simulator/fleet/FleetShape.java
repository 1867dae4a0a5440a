package dev.twinops.simulator.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinops.dm.reported.DeviceInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A copied fleet's shape (the rollout engine's rehearsal copy writes it, format 1): one simulated device per entry,
 * with that id, reporting that firmware version and device info, registered with those tags if the hub lacks it.
 * Only the fields the simulator needs are read; the file's other fields (source, condition, scale...) are ignored.
 *
 * <pre>{@code
 * {"formatVersion": 1, "devices": [{"deviceId": "r-pump-17", "tags": {"site": "plant-north"},
 *   "firmwareVersion": "1.4.2", "deviceInfo": {"manufacturer": "Contoso", "model": "TX-200", "serialNumber": "SN-1"}}]}
 * }</pre>
 */
public record FleetShape(List<Device> devices) {

    /** One device of the shape; firmware version and device info may be missing (the device never reported them). */
    public record Device(String deviceId, Map<String, Object> tags, String firmwareVersion, DeviceInfo deviceInfo) {
        public Device {
            Objects.requireNonNull(deviceId, "deviceId");
            tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }
    }

    static final int FORMAT_VERSION = 1;
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9\\-.:+%_#*?!(),=@$']{1,128}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public FleetShape {
        if (devices.isEmpty() || devices.size() > FleetConfig.MAX_DEVICES) {
            throw new IllegalArgumentException("a fleet shape holds 1 to " + FleetConfig.MAX_DEVICES
                    + " devices, not " + devices.size());
        }
        devices = List.copyOf(devices);
    }

    /**
     * Reads a shape file.
     *
     * @throws IOException              if it cannot be read or is not JSON
     * @throws IllegalArgumentException if it is not a shape this simulator can run (with the reason)
     */
    public static FleetShape read(Path file) throws IOException {
        JsonNode root = JSON.readTree(Files.readString(file));
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " is not a fleet shape (a JSON object)");
        }
        int format = root.path("formatVersion").asInt(-1);
        if (format != FORMAT_VERSION) {
            throw new IllegalArgumentException(file + " is a fleet shape of format " + format + "; this simulator "
                    + "reads format " + FORMAT_VERSION);
        }
        JsonNode entries = root.path("devices");
        if (!entries.isArray()) {
            throw new IllegalArgumentException(file + " has no devices array");
        }
        List<Device> devices = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (JsonNode e : entries) {
            String id = e.path("deviceId").asText("");
            if (!DEVICE_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(file + ": devices[" + i + "].deviceId '" + id
                        + "' is not an IoT Hub device id");
            }
            if (!ids.add(id)) {
                throw new IllegalArgumentException(file + ": device '" + id + "' is named twice");
            }
            Map<String, Object> tags = new LinkedHashMap<>();
            if (e.path("tags").isObject()) {
                tags = JSON.convertValue(e.get("tags"), JSON.getTypeFactory().constructMapType(LinkedHashMap.class,
                        String.class, Object.class));
            }
            JsonNode fw = e.get("firmwareVersion");
            JsonNode info = e.get("deviceInfo");
            devices.add(new Device(id, tags, fw != null && fw.isTextual() && !fw.asText().isBlank() ? fw.asText()
                    : null, info != null && info.isObject() ? new DeviceInfo(text(info, "manufacturer"),
                    text(info, "model"), text(info, "serialNumber")) : null));
            i++;
        }
        return new FleetShape(devices);
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || !n.isValueNode() || n.isNull() ? null : n.asText();
    }

    public int size() {
        return devices.size();
    }
}
