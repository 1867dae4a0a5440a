package dev.twinops.hub.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinops.hub.auth.Permission;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import dev.twinops.hub.state.HubState;
import io.netty.handler.codec.http.HttpMethod;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The module routes of IoT Hub's service API, answered as IoT Hub answers them for a device that has no modules,
 * since this hub keeps none: creating a module identity ({@code PUT /devices/{id}/modules/{moduleId}}) is refused
 * with 400 / 400004 ArgumentInvalid, like X.509 and IoT Edge devices; reading, deleting, a module twin or a module
 * method find no module, 404 / 404010 ModuleNotFound; a device's module list is empty. An unknown device is
 * 404 / 404001 first, as IoT Hub checks the device before its module. Without these routes the SDK's module calls
 * got the 404000 of an unknown route, which says nothing about why.
 */
public final class ModuleRoutes implements ServiceRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NOT_SUPPORTED = "this hub does not support modules (module identities, module twins and "
            + "module methods); use device identities";

    private final HubState state;

    public ModuleRoutes(HubState state) {
        this.state = state;
    }

    @Override
    public void registerWith(RouteTable routes) {
        Set<Permission> registryRead = Set.of(Permission.REGISTRY_READ);
        Set<Permission> registryWrite = Set.of(Permission.REGISTRY_WRITE);
        Set<Permission> twinRead = Set.of(Permission.REGISTRY_READ, Permission.SERVICE_CONNECT);
        Set<Permission> service = Set.of(Permission.SERVICE_CONNECT);
        String module = "/devices/{id}/modules/{moduleId}";
        String moduleTwin = "/twins/{id}/modules/{moduleId}";

        routes.add(HttpMethod.GET, "/devices/{id}/modules", registryRead, request -> {
            existingDevice(request);
            return CompletableFuture.completedFuture(ServiceResponse.ok(JSON.createArrayNode()));
        });
        routes.add(HttpMethod.PUT, module, registryWrite, request -> {
            String deviceId = existingDevice(request);
            throw new HubException(HubError.ARGUMENT_INVALID, "Cannot create module '"
                    + request.pathParameter("moduleId") + "' on device '" + deviceId + "': " + NOT_SUPPORTED);
        });
        routes.add(HttpMethod.GET, module, registryRead, this::moduleNotFound);
        routes.add(HttpMethod.DELETE, module, registryWrite, this::moduleNotFound);
        routes.add(HttpMethod.GET, moduleTwin, twinRead, this::moduleNotFound);
        routes.add(HttpMethod.PATCH, moduleTwin, service, this::moduleNotFound);
        routes.add(HttpMethod.PUT, moduleTwin, service, this::moduleNotFound);
        routes.add(HttpMethod.POST, moduleTwin + "/methods", service, this::moduleNotFound);
    }

    private CompletableFuture<ServiceResponse> moduleNotFound(ServiceRequest request) {
        String deviceId = existingDevice(request);
        throw new HubException(HubError.MODULE_NOT_FOUND, "The module '" + request.pathParameter("moduleId")
                + "' on device '" + deviceId + "' could not be found: " + NOT_SUPPORTED);
    }

    private String existingDevice(ServiceRequest request) {
        String deviceId = request.pathParameter("id");
        if (state.registry().device(deviceId).isEmpty()) {
            throw new HubException(HubError.DEVICE_NOT_FOUND, "The device with id '" + deviceId + "' could not be found.");
        }
        return deviceId;
    }
}
