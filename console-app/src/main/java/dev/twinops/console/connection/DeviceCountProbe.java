package dev.twinops.console.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;

/**
 * Proves a hub works by counting its devices: one small query that needs the same permission as the
 * device list (Registry read), so a policy without it is caught when connecting, not later.
 */
public final class DeviceCountProbe implements HubProbe {

    static final String QUERY = "SELECT COUNT() AS total FROM devices";

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public long countDevices(HubConnection connection) throws Exception {
        RawQueryResponse response = connection.queries().queryRaw(QUERY, QueryPageOptions.builder().pageSize(1).build());
        if (!response.hasNext()) {
            return 0;
        }
        JsonNode row = mapper.readTree(response.next());
        return row.path("total").asLong(0);
    }
}
