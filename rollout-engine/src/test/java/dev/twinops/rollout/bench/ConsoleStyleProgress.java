package dev.twinops.rollout.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import dev.twinops.dm.reported.OperationJudge;
import dev.twinops.dm.reported.OperationVerdict;
import dev.twinops.dm.reported.ReportedDeviceState;
import dev.twinops.rollout.hub.RolloutQueries;
import dev.twinops.rollout.json.RolloutJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline: progress read the way the console's {@code TwinQueryProgressReader} reads it today, one query of
 * {@code SELECT <row fields>, properties.reported.iothubDM AS iothubDM FROM devices WHERE deviceId IN [100 ids]}
 * per 100 unfinished devices per round, through the service SDK, each page counted. A device is finished once the
 * judge says it succeeded or failed. (The projection is the console's {@code TwinQueryProgressReader.PROJECTION};
 * this module cannot depend on the console.)
 */
final class ConsoleStyleProgress {

    static final int IDS_PER_QUERY = 100;
    static final String PROJECTION = "SELECT deviceId, status, connectionState, lastActivityTime, tags, "
            + "properties.reported.firmwareVersion AS firmwareVersion, properties.reported.iothubDM AS iothubDM "
            + "FROM devices WHERE ";

    /** One round: queries sent, and its wall time. */
    record Round(int watched, int queries, long nanos) {
    }

    private final QueryClient queries;
    private final String version;
    private final Map<String, String> unfinished = new LinkedHashMap<>(); // device id -> operation id
    private long queriesTotal;

    ConsoleStyleProgress(QueryClient queries, String version) {
        this.queries = queries;
        this.version = version;
    }

    void watch(List<String> deviceIds, String operationId) {
        deviceIds.forEach(id -> unfinished.put(id, operationId));
    }

    /** A device the job's rows show as refused or not reached: final, no longer read. */
    void settle(String deviceId) {
        unfinished.remove(deviceId);
    }

    /** Queries sent besides the device reads (the job's rows, as the console reads them while the job runs). */
    void count(int queries) {
        queriesTotal += queries;
    }

    int unfinished() {
        return unfinished.size();
    }

    long queriesTotal() {
        return queriesTotal;
    }

    /** Reads every unfinished device once, 100 ids a query. */
    Round round() throws Exception {
        long started = System.nanoTime();
        List<String> ids = new ArrayList<>(unfinished.keySet());
        int sent = 0;
        QueryPageOptions options = QueryPageOptions.builder().pageSize(1000).build();
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            RawQueryResponse response = queries.queryRaw(PROJECTION + RolloutQueries.inList(chunk), options);
            sent++;
            while (response.hasNext()) {
                String token = response.getContinuationToken();
                JsonNode row = RolloutJson.mapper().readTree(response.next(options));
                if (!java.util.Objects.equals(token, response.getContinuationToken())) {
                    sent++;
                }
                judge(row);
            }
        }
        queriesTotal += sent;
        return new Round(ids.size(), sent, System.nanoTime() - started);
    }

    private void judge(JsonNode row) {
        String id = row.path("deviceId").asText(null);
        String operationId = id == null ? null : unfinished.get(id);
        if (operationId == null) {
            return;
        }
        ObjectNode reported = RolloutJson.mapper().createObjectNode();
        if (row.hasNonNull("firmwareVersion")) {
            reported.set("firmwareVersion", row.get("firmwareVersion"));
        }
        if (row.hasNonNull("iothubDM")) {
            reported.set("iothubDM", row.get("iothubDM"));
        }
        OperationVerdict verdict = OperationJudge.firmwareUpdate(ReportedDeviceState.fromJson(reported.toString()),
                operationId, version).verdict();
        if (verdict == OperationVerdict.SUCCEEDED || verdict == OperationVerdict.FAILED) {
            unfinished.remove(id);
        }
    }
}
