package dev.twinops.rollout.rehearsal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import dev.twinops.dm.reported.DeviceInfo;
import dev.twinops.dm.reported.ReportedPatches;
import dev.twinops.rollout.hub.HubCallException;
import dev.twinops.rollout.hub.ServiceCredential;
import dev.twinops.rollout.json.RolloutJson;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The source hub on the official service SDK's {@link QueryClient}, the only client it holds: the copy reads the
 * source with twin queries and can do nothing else there. Works with a policy that has registry read only
 * ({@code registryRead} serves twin queries).
 */
public final class SdkSourceFleet implements SourceFleet {

    static final int PAGE_SIZE = 1000;

    private final String hostName;
    private final QueryClient queries;
    private final ServiceCredential credential;
    private final AtomicLong queriesUsed = new AtomicLong();

    private SdkSourceFleet(String hostName, QueryClient queries, ServiceCredential credential) {
        this.hostName = hostName;
        this.queries = queries;
        this.credential = credential;
    }

    /**
     * A source reached at {@code serviceEndpoint} ({@code host[:port]}; for Azure the connection string's host
     * name) with a service connection string, which stays in memory only.
     */
    public static SdkSourceFleet connect(String serviceEndpoint, String serviceConnectionString) {
        ServiceCredential credential = new ServiceCredential(serviceConnectionString, Clock.systemUTC());
        return new SdkSourceFleet(credential.hostName(), new QueryClient(serviceEndpoint, credential.credential()),
                credential);
    }

    /**
     * A source read through a {@link QueryClient} its caller already holds and keeps authorised (e.g. the console's
     * connection, whose credential it renews): the copy still gets nothing but queries.
     */
    public static SdkSourceFleet over(String hostName, QueryClient queries) {
        return new SdkSourceFleet(Objects.requireNonNull(hostName, "hostName"), Objects.requireNonNull(queries,
                "queries"), null);
    }

    @Override
    public String hostName() {
        return hostName;
    }

    @Override
    public long queriesUsed() {
        return queriesUsed.get();
    }

    @Override
    public int pageSize() {
        return PAGE_SIZE;
    }

    /** The query the copy reads with: id, tags, and the two reported properties, nothing else. */
    public static String readQuery(String condition) {
        return "SELECT deviceId, tags, properties.reported." + ReportedPatches.FIRMWARE_VERSION
                + " AS firmwareVersion, properties.reported." + ReportedPatches.DEVICE_INFO
                + " AS deviceInfo FROM devices WHERE " + where(condition);
    }

    static String where(String condition) {
        return condition == null || condition.isBlank() ? "IS_DEFINED(deviceId)" : "(" + condition.strip() + ")";
    }

    @Override
    public long count(String condition) throws HubCallException {
        List<JsonNode> rows = new ArrayList<>();
        run("SELECT COUNT() AS n FROM devices WHERE " + where(condition), null, rows::add);
        return rows.isEmpty() ? 0 : rows.get(0).path("n").asLong();
    }

    @Override
    public List<ShapeDevice> read(String condition, QueryPacer pacer) throws HubCallException, InterruptedException {
        List<ShapeDevice> devices = new ArrayList<>();
        run(readQuery(condition), pacer, row -> {
            if (row.hasNonNull("deviceId")) {
                devices.add(device(row));
            }
        });
        return devices;
    }

    static ShapeDevice device(JsonNode row) {
        JsonNode tags = row.get("tags");
        JsonNode fw = row.get("firmwareVersion");
        JsonNode info = row.get("deviceInfo");
        DeviceInfo deviceInfo = info != null && info.isObject() ? new DeviceInfo(text(info, "manufacturer"),
                text(info, "model"), text(info, "serialNumber")) : null;
        return new ShapeDevice(row.get("deviceId").asText(),
                tags != null && tags.isObject() ? ((ObjectNode) tags).deepCopy() : RolloutJson.mapper()
                        .createObjectNode(), fw != null && fw.isValueNode() && !fw.isNull() ? fw.asText() : null,
                deviceInfo);
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    private interface RowSink {
        void accept(JsonNode row);
    }

    /**
     * The SDK fetches the next page inside {@code next()} when the current one runs out, so the pacer is asked right
     * after a page arrives that has a continuation: the slot it gives is the next fetch's.
     */
    private static void reserveNextPage(RawQueryResponse response, QueryPacer pacer) throws InterruptedException {
        if (pacer != null && response.getContinuationToken() != null) {
            pacer.awaitRoom();
        }
    }

    /** Runs a query through every page, each page counted and, with a pacer, let through by it first. */
    private void run(String text, QueryPacer pacer, RowSink sink) throws HubCallException {
        if (credential != null) { // null: the caller keeps its client's credential fresh
            credential.renewIfDue();
        }
        try {
            QueryPageOptions options = QueryPageOptions.builder().pageSize(PAGE_SIZE).build();
            if (pacer != null) {
                pacer.awaitRoom();
            }
            RawQueryResponse response = queries.queryRaw(text, options);
            queriesUsed.incrementAndGet();
            reserveNextPage(response, pacer);
            while (response.hasNext()) {
                String token = response.getContinuationToken();
                String row = response.next(options);
                if (!Objects.equals(token, response.getContinuationToken())) {
                    queriesUsed.incrementAndGet(); // the SDK fetched the next page
                    reserveNextPage(response, pacer);
                }
                try {
                    sink.accept(RolloutJson.mapper().readTree(row));
                } catch (JsonProcessingException e) {
                    throw new IOException("the hub returned a row that is not JSON", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubCallException(HubCallException.Kind.OTHER, "interrupted while waiting for the query budget",
                    e);
        } catch (IotHubTooManyRequestsException e) {
            throw new HubCallException(HubCallException.Kind.THROTTLED, "the source hub throttles (429): "
                    + e.getMessage(), e);
        } catch (IotHubBadFormatException e) {
            throw new HubCallException(HubCallException.Kind.BAD_REQUEST, "the source hub refused the query: "
                    + e.getMessage(), e);
        } catch (IotHubException e) {
            throw new HubCallException(HubCallException.Kind.OTHER, "the source hub answered with an error ("
                    + e.getErrorCode() + "): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new HubCallException(HubCallException.Kind.OTHER, "the source hub could not be reached: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
    }
}
