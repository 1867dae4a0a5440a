package dev.twinops.console.imports;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;

import dev.twinops.console.operations.DeviceTargets;
import dev.twinops.hubclient.registry.BulkRegistryOperation;
import dev.twinops.hubclient.registry.BulkRegistryOperation.DeviceError;

/**
 * The import's hub calls through the service SDK. Devices go through IoT Hub's bulk registry operation
 * ({@code POST /devices}), which the 2.1.9 SDK has no call for: {@link BulkRegistryOperation}, the one the
 * simulator's fleet start uses too. Tags are merged with {@code TwinClient.patch}; which devices exist is one
 * {@code queryRaw} per 100 ids.
 */
public final class SdkImportHub implements ImportHub {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BulkRegistryOperation bulk;
    private final TwinClient twins;
    private final QueryClient queries;

    /**
     * @param serviceEndpoint  host[:port] of the hub's service API
     * @param connectionString a service connection string with registry write (e.g. iothubowner); only its key
     *                         signs tokens, it is never sent or logged
     */
    public SdkImportHub(String serviceEndpoint, String connectionString, TwinClient twins, QueryClient queries) {
        this.bulk = new BulkRegistryOperation(serviceEndpoint, connectionString);
        this.twins = twins;
        this.queries = queries;
    }

    @Override
    public Set<String> existing(Collection<String> deviceIds) throws Exception {
        Set<String> found = new HashSet<>();
        QueryPageOptions options = QueryPageOptions.builder().pageSize(1000).build();
        RawQueryResponse response = queries.queryRaw("SELECT deviceId FROM devices WHERE "
                + DeviceTargets.inCondition(List.copyOf(deviceIds)), options);
        while (response.hasNext()) {
            JsonNode row = JSON.readTree(response.next(options));
            if (row.hasNonNull("deviceId")) {
                found.add(row.get("deviceId").asText());
            }
        }
        return found;
    }

    @Override
    public Map<String, DeviceError> register(List<ImportRow> rows, ImportMode mode) throws Exception {
        List<BulkRegistryOperation.Device> devices = new ArrayList<>(rows.size());
        for (ImportRow row : rows) {
            devices.add(row.hasKeys()
                    ? new BulkRegistryOperation.Device(row.deviceId(), row.primaryKey(), row.secondaryKey())
                    : BulkRegistryOperation.Device.withoutKeys(row.deviceId()));
        }
        try {
            return bulk.register(devices, mode.operationMode());
        } catch (BulkRegistryOperation.NotServedException e) {
            throw e.getCause(); // the hub's own 404/405 answer: the import reports it as the hub's refusal
        }
    }

    @Override
    public void patchTags(String deviceId, ObjectNode tags) throws Exception {
        Twin twin = new Twin(deviceId);
        twin.getTags().putAll(JSON.convertValue(tags, new TypeReference<Map<String, Object>>() { }));
        twins.patch(twin);
    }
}
