package dev.twinops.console.dashboard;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;

/**
 * Grouped counts through the service SDK's query API only ({@code queryRaw}), so the dashboard reads an Azure hub
 * the same way as the local one. A group per distinct value: a page of 1,000 groups covers any real fleet, and the
 * SDK follows the continuation token if not.
 */
public final class SdkFleetCountService implements FleetCountService {

    private static final int PAGE_SIZE = 1000;

    private final QueryClient queries;
    private final ObjectMapper mapper = new ObjectMapper();

    public SdkFleetCountService(QueryClient queries) {
        this.queries = queries;
    }

    @Override
    public List<GroupCount> groupCounts(String query) throws Exception {
        QueryPageOptions options = QueryPageOptions.builder().pageSize(PAGE_SIZE).build();
        RawQueryResponse response = queries.queryRaw(query, options);
        List<GroupCount> rows = new ArrayList<>();
        while (response.hasNext()) {
            JsonNode row = mapper.readTree(response.next(options));
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals(FleetBreakdown.COUNT)) {
                    values.put(field.getKey(), field.getValue());
                }
            }
            rows.add(new GroupCount(values, row.path(FleetBreakdown.COUNT).asLong(0)));
        }
        return rows;
    }
}
