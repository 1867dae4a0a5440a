package dev.twinops.hub.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.auth.Permission;
import dev.twinops.hub.state.DeviceIdentity;
import dev.twinops.hub.state.DeviceStatus;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import dev.twinops.hub.state.HubState;
import dev.twinops.hub.state.IotHubTime;
import io.netty.handler.codec.http.HttpMethod;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The identity registry: {@code PUT /devices/{id}} (create; update with {@code If-Match}),
 * {@code GET /devices/{id}}, {@code DELETE /devices/{id}}, the bulk {@code POST /devices} ({@link BulkRegistryRoutes}),
 * and the statistics the RegistryClient reads.
 * Devices authenticate with symmetric keys only: X.509 and IoT Edge devices are refused with 400.
 */
public final class RegistryRoutes implements ServiceRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubState state;

    public RegistryRoutes(HubState state) {
        this.state = state;
    }

    @Override
    public void registerWith(RouteTable routes) {
        Set<Permission> read = Set.of(Permission.REGISTRY_READ);
        Set<Permission> write = Set.of(Permission.REGISTRY_WRITE);
        routes.add(HttpMethod.GET, "/devices/{id}", read, request -> {
            String id = request.pathParameter("id");
            DeviceIdentity device = state.registry().device(id).orElseThrow(() -> notFound(id));
            return CompletableFuture.completedFuture(ServiceResponse.ok(registryJson(device)));
        });
        routes.add(HttpMethod.PUT, "/devices/{id}", write, request -> {
            DeviceIdentity device = parseDevice(request.pathParameter("id"), request.jsonObjectBody());
            return state.registry().putDevice(device, TwinRoutes.ifMatch(request))
                    .thenApply(stored -> ServiceResponse.ok(registryJson(stored)));
        });
        routes.add(HttpMethod.DELETE, "/devices/{id}", write, request ->
                state.registry().deleteDevice(request.pathParameter("id"), TwinRoutes.ifMatch(request))
                        .thenApply(done -> ServiceResponse.noContent()));
        new BulkRegistryRoutes(state.registry()).registerWith(routes);
        routes.add(HttpMethod.GET, "/statistics/devices", read,
                request -> CompletableFuture.completedFuture(ServiceResponse.ok(deviceStatistics())));
        routes.add(HttpMethod.GET, "/statistics/service", Set.of(Permission.SERVICE_CONNECT),
                request -> CompletableFuture.completedFuture(ServiceResponse.ok(serviceStatistics())));
    }

    /** The device in the JSON shape of IoT Hub's registry (what RegistryClient parses). */
    ObjectNode registryJson(DeviceIdentity device) {
        String id = device.deviceId();
        Instant lastActivity = state.presence().lastActivityTime(id).orElse(IotHubTime.NEVER);
        ObjectNode node = JSON.createObjectNode();
        node.put("deviceId", id);
        node.put("generationId", device.generationId());
        node.put("etag", device.etag());
        node.put("connectionState", state.presence().isConnected(id) ? "Connected" : "Disconnected");
        node.put("status", device.status() == DeviceStatus.DISABLED ? "disabled" : "enabled");
        if (device.statusReason() == null) {
            node.putNull("statusReason");
        } else {
            node.put("statusReason", device.statusReason());
        }
        // the hub keeps no separate connection-state timestamp; the last activity is when it last changed at the latest
        node.put("connectionStateUpdatedTime", IotHubTime.format(lastActivity));
        node.put("statusUpdatedTime", IotHubTime.format(device.statusUpdatedTime()));
        node.put("lastActivityTime", IotHubTime.format(lastActivity));
        node.put("cloudToDeviceMessageCount", 0);
        ObjectNode authentication = node.putObject("authentication");
        ObjectNode keys = authentication.putObject("symmetricKey");
        keys.put("primaryKey", device.primaryKey());
        keys.put("secondaryKey", device.secondaryKey());
        ObjectNode thumbprints = authentication.putObject("x509Thumbprint");
        thumbprints.putNull("primaryThumbprint");
        thumbprints.putNull("secondaryThumbprint");
        authentication.put("type", "sas");
        node.putObject("capabilities").put("iotEdge", false);
        return node;
    }

    /**
     * The device a PUT body describes. Absent keys and status stay null: the state generates keys for a new device
     * and keeps the stored values on an update.
     */
    static DeviceIdentity parseDevice(String pathId, ObjectNode body) {
        String bodyId = JsonFields.optionalString(body, "deviceId");
        if (bodyId != null && !bodyId.equals(pathId)) {
            throw new HubException(HubError.ARGUMENT_INVALID, "The deviceId '" + bodyId
                    + "' in the body differs from the device id '" + pathId + "' in the path");
        }
        if (body.hasNonNull("moduleId")) {
            throw new HubException(HubError.ARGUMENT_INVALID, "Modules are not supported by this hub");
        }
        DeviceStatus status = null;
        String statusText = JsonFields.optionalString(body, "status");
        if (statusText != null) {
            status = switch (statusText.toLowerCase(Locale.ROOT)) {
                case "enabled" -> DeviceStatus.ENABLED;
                case "disabled" -> DeviceStatus.DISABLED;
                default -> throw new HubException(HubError.ARGUMENT_INVALID,
                        "The status '" + statusText + "' is not valid; use 'enabled' or 'disabled'");
            };
        }
        String statusReason = JsonFields.optionalString(body, "statusReason");

        String primaryKey = null;
        String secondaryKey = null;
        ObjectNode authentication = JsonFields.optionalObject(body, "authentication");
        if (authentication != null) {
            String type = JsonFields.optionalString(authentication, "type");
            if (type != null && !type.equalsIgnoreCase("sas")) {
                throw new HubException(HubError.ARGUMENT_INVALID, "Authentication type '" + type
                        + "' is not supported by this hub; devices authenticate with symmetric keys ('sas')");
            }
            ObjectNode symmetricKey = JsonFields.optionalObject(authentication, "symmetricKey");
            if (symmetricKey != null) {
                primaryKey = emptyToNull(JsonFields.optionalString(symmetricKey, "primaryKey"));
                secondaryKey = emptyToNull(JsonFields.optionalString(symmetricKey, "secondaryKey"));
            }
        }
        ObjectNode capabilities = JsonFields.optionalObject(body, "capabilities");
        if (capabilities != null && Boolean.TRUE.equals(JsonFields.optionalBoolean(capabilities, "iotEdge"))) {
            throw new HubException(HubError.ARGUMENT_INVALID, "IoT Edge devices are not supported by this hub");
        }
        return new DeviceIdentity(pathId, primaryKey, secondaryKey, status, statusReason, null, null, null);
    }

    private ObjectNode deviceStatistics() {
        int total = 0;
        int enabled = 0;
        for (ObjectNode twin : state.twins()) {
            total++;
            if ("enabled".equalsIgnoreCase(twin.path("status").asText())) {
                enabled++;
            }
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("totalDeviceCount", total);
        node.put("enabledDeviceCount", enabled);
        // service SDK 2.1.9 reads this misspelt name (RegistryStatisticsParser); IoT Hub's documented name is above
        node.put("enableDeviceCount", enabled);
        node.put("disabledDeviceCount", total - enabled);
        return node;
    }

    private ObjectNode serviceStatistics() {
        int connected = 0;
        for (ObjectNode twin : state.twins()) {
            if ("Connected".equals(twin.path("connectionState").asText())) {
                connected++;
            }
        }
        return JSON.createObjectNode().put("connectedDeviceCount", connected);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static HubException notFound(String deviceId) {
        return new HubException(HubError.DEVICE_NOT_FOUND, "The device with id '" + deviceId + "' could not be found.");
    }
}
