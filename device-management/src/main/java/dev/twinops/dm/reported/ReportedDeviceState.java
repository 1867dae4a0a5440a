package dev.twinops.dm.reported;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinops.dm.json.DmJson;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device-management part of a twin's reported properties, typed. Reading is lenient: a section a device
 * wrote in an unexpected shape becomes null (and is logged once at debug) instead of failing the whole twin,
 * because a console shows fleets of devices it does not control.
 */
public record ReportedDeviceState(String firmwareVersion, DeviceInfo deviceInfo, DeviceManagementState iothubDM) {

    private static final Logger LOG = LoggerFactory.getLogger(ReportedDeviceState.class);

    public ReportedDeviceState {
        if (iothubDM == null) {
            iothubDM = DeviceManagementState.EMPTY;
        }
    }

    /**
     * Reads reported properties given as a map, e.g. the service SDK's
     * {@code twin.getReportedProperties()} (a {@code TwinCollection}); {@code $metadata} and {@code $version} are
     * ignored. Null yields an empty state.
     */
    public static ReportedDeviceState fromReportedProperties(Map<String, ?> reported) {
        if (reported == null) {
            return new ReportedDeviceState(null, null, null);
        }
        return fromNode(DmJson.mapper().valueToTree(reported));
    }

    /** Reads reported properties from JSON text (the {@code properties.reported} object of a twin or query row). */
    public static ReportedDeviceState fromJson(String reportedJson) {
        if (reportedJson == null || reportedJson.isBlank()) {
            return new ReportedDeviceState(null, null, null);
        }
        try {
            return fromNode(DmJson.mapper().readTree(reportedJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("reported properties are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ReportedDeviceState fromNode(JsonNode root) {
        if (root == null || !root.isObject()) {
            return new ReportedDeviceState(null, null, null);
        }
        JsonNode fw = root.get(ReportedPatches.FIRMWARE_VERSION);
        String firmwareVersion = fw != null && fw.isValueNode() && !fw.isNull() ? fw.asText() : null;
        DeviceInfo info = section(root, ReportedPatches.DEVICE_INFO, DeviceInfo.class);
        JsonNode dm = root.get(ReportedPatches.IOTHUB_DM);
        DeviceManagementState dmState = DeviceManagementState.EMPTY;
        if (dm != null && dm.isObject()) {
            dmState = new DeviceManagementState(
                    section(dm, ReportedPatches.REBOOT, RebootState.class),
                    section(dm, ReportedPatches.FACTORY_RESET, FactoryResetState.class),
                    section(dm, ReportedPatches.FIRMWARE_UPDATE, FirmwareUpdateState.class));
        }
        return new ReportedDeviceState(firmwareVersion, info, dmState);
    }

    private static <T> T section(JsonNode parent, String name, Class<T> type) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isObject()) {
            return null;
        }
        ObjectMapper mapper = DmJson.mapper();
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.debug("ignoring reported section {} that does not match the schema: {}", name, e.getMessage());
            return null;
        }
    }
}
