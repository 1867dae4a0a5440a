package dev.twinops.hub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.auth.Permission;
import dev.twinops.hub.state.DeviceIdentity;
import dev.twinops.hub.state.DeviceRegistry;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import dev.twinops.hub.state.ImportMode;
import dev.twinops.hub.state.RegistryOperation;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * IoT Hub's bulk registry operation ("Bulk Registry - Update Registry"): {@code POST /devices} with a JSON array of
 * ExportImportDevice entries {@code {"id", "importMode", "eTag", "status", "statusReason", "authentication"}}, at most
 * 100, each device once. The answer is IoT Hub's BulkRegistryOperationResult,
 * {@code {"isSuccessful", "errors": [{"deviceId", "errorCode", "errorStatus"}], "warnings": []}}: 200 when every
 * device's part was done, 400 with the devices that were refused otherwise (the others are done). A request that
 * is malformed as a whole (not an array, an entry without id or with an unknown importMode, a device named twice,
 * more than 100 devices) is refused with IoT Hub's error body and changes nothing.
 *
 * <p>Entries this hub cannot take are refused one by one with ArgumentInvalid, as the single-device PUT refuses
 * them: X.509 authentication, modules ({@code moduleId}), IoT Edge devices, and twin content ({@code tags},
 * {@code properties}: patch the twin after creating the device).
 */
final class BulkRegistryRoutes implements ServiceRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeviceRegistry registry;

    BulkRegistryRoutes(DeviceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void registerWith(RouteTable routes) {
        // "/devices/" and "/devices" are one path here (empty segments are dropped); the SDKs' helpers send the
        // former, and a template under /devices/ puts the route in the registry operations' throttling class
        routes.add(HttpMethod.POST, "/devices/", Set.of(Permission.REGISTRY_WRITE), this::apply);
    }

    private CompletableFuture<ServiceResponse> apply(ServiceRequest request) {
        ArrayNode entries = arrayBody(request.body());
        if (entries.size() > DeviceRegistry.MAX_BULK_OPERATIONS) {
            throw new HubException(HubError.TOO_MANY_DEVICES, "A bulk registry request may name at most "
                    + DeviceRegistry.MAX_BULK_OPERATIONS + " devices, not " + entries.size());
        }
        List<RegistryOperation> operations = new ArrayList<>(entries.size());
        TreeMap<Integer, RegistryOperation.Refusal> refused = new TreeMap<>();
        List<Integer> positions = new ArrayList<>(entries.size());
        Set<String> named = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            if (!entries.get(i).isObject()) {
                throw invalid("Entry " + i + " of the request is " + JsonFields.describe(entries.get(i))
                        + ", not a device object");
            }
            ObjectNode entry = (ObjectNode) entries.get(i);
            String id = JsonFields.requiredString(entry, "id");
            if (!named.add(id)) {
                throw new HubException(HubError.DEVICE_DEFINED_MULTIPLE_TIMES, "The device '" + id
                        + "' is named more than once; a bulk registry request may name each device once");
            }
            String modeName = JsonFields.requiredString(entry, "importMode");
            ImportMode mode = ImportMode.fromWireName(modeName).orElseThrow(() -> invalid("The importMode '" + modeName
                    + "' of device '" + id + "' is not one this hub knows; use create, createOrUpdate,"
                    + " createOrUpdateIfMatchETag, update, updateIfMatchETag, delete or deleteIfMatchETag"));
            try {
                operations.add(new RegistryOperation(mode, device(id, entry), JsonFields.optionalString(entry, "eTag")));
                positions.add(i);
            } catch (HubException e) {
                refused.put(i, new RegistryOperation.Refusal(id, e.error(), e.getMessage()));
            }
        }
        if (operations.isEmpty() && refused.isEmpty()) {
            throw invalid("A bulk registry request needs at least one device");
        }
        if (operations.isEmpty()) {
            return CompletableFuture.completedFuture(result(refused.values()));
        }
        return registry.apply(operations).thenApply(stateRefusals -> {
            for (RegistryOperation.Refusal refusal : stateRefusals) {
                refused.put(positions.get(indexOf(operations, refusal.deviceId())), refusal);
            }
            return result(refused.values());
        });
    }

    /** The identity an entry describes, refused (ARGUMENT_INVALID) if it is one this hub does not support. */
    private static DeviceIdentity device(String id, ObjectNode entry) {
        for (String twinField : List.of("tags", "properties")) {
            if (entry.hasNonNull(twinField)) {
                throw invalid("This hub does not take twin content in bulk registry requests ('" + twinField
                        + "' of device '" + id + "'); patch the twin after creating the device");
            }
        }
        return RegistryRoutes.parseDevice(id, entry);
    }

    private static int indexOf(List<RegistryOperation> operations, String deviceId) {
        for (int i = 0; i < operations.size(); i++) {
            if (operations.get(i).deviceId().equals(deviceId)) {
                return i;
            }
        }
        throw new IllegalStateException("a refusal for a device the request does not name: " + deviceId);
    }

    /** BulkRegistryOperationResult: 200 when nothing was refused, else 400 with the refusals. */
    private static ServiceResponse result(Iterable<RegistryOperation.Refusal> refusals) {
        ObjectNode result = JSON.createObjectNode();
        ArrayNode errors = JSON.createArrayNode();
        for (RegistryOperation.Refusal refusal : refusals) {
            ObjectNode error = errors.addObject();
            error.put("deviceId", refusal.deviceId());
            error.put("errorCode", IotHubErrors.errorName(refusal.error()));
            error.put("errorStatus", refusal.message());
        }
        result.put("isSuccessful", errors.isEmpty());
        result.set("errors", errors);
        result.putArray("warnings");
        return ServiceResponse.json(errors.isEmpty() ? HttpResponseStatus.OK : HttpResponseStatus.BAD_REQUEST, result);
    }

    private static ArrayNode arrayBody(byte[] body) {
        JsonNode node;
        try {
            node = body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw invalid("The request body is not valid JSON: " + e.getMessage());
        }
        if (node == null || !node.isArray()) {
            throw invalid("The request body must be a JSON array of devices, not "
                    + (node == null ? "nothing" : JsonFields.describe(node)));
        }
        return (ArrayNode) node;
    }

    private static HubException invalid(String message) {
        return new HubException(HubError.ARGUMENT_INVALID, message);
    }
}
