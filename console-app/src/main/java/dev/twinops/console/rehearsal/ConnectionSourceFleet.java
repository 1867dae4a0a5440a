package dev.twinops.console.rehearsal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;

import dev.twinops.dm.reported.DeviceInfo;
import dev.twinops.rollout.hub.HubCallException;
import dev.twinops.rollout.rehearsal.QueryPacer;
import dev.twinops.rollout.rehearsal.SdkSourceFleet;
import dev.twinops.rollout.rehearsal.ShapeDevice;
import dev.twinops.rollout.rehearsal.SourceFleet;

/**
 * The hub the console is connected to, as the source of a copy: only its {@link QueryClient} (the console keeps the
 * credential fresh), so the copy can do nothing on it but read. The engine's {@link SdkSourceFleet} needs the
 * connection string, which the console does not hand around; the query text is the engine's own.
 */
final class ConnectionSourceFleet implements SourceFleet {

    static final int PAGE_SIZE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String hostName;
    private final QueryClient queries;
    private final AtomicLong used = new AtomicLong();

    ConnectionSourceFleet(String hostName, QueryClient queries) {
        this.hostName = Objects.requireNonNull(hostName);
        this.queries = Objects.requireNonNull(queries);
    }

    @Override
    public String hostName() {
        return hostName;
    }

    @Override
    public long queriesUsed() {
        return used.get();
    }

    @Override
    public int pageSize() {
        return PAGE_SIZE;
    }

    @Override
    public long count(String condition) throws HubCallException {
        String where = condition == null || condition.isBlank() ? "IS_DEFINED(deviceId)" : "(" + condition.strip() + ")";
        List<JsonNode> rows = new ArrayList<>();
        run("SELECT COUNT() AS n FROM devices WHERE " + where, null, rows::add);
        return rows.isEmpty() ? 0 : rows.get(0).path("n").asLong();
    }

    @Override
    public List<ShapeDevice> read(String condition, QueryPacer pacer) throws HubCallException {
        List<ShapeDevice> devices = new ArrayList<>();
        run(SdkSourceFleet.readQuery(condition), pacer, row -> {
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
        DeviceInfo deviceInfo = info != null && info.isObject()
                ? new DeviceInfo(text(info, "manufacturer"), text(info, "model"), text(info, "serialNumber")) : null;
        return new ShapeDevice(row.get("deviceId").asText(),
                tags != null && tags.isObject() ? ((ObjectNode) tags).deepCopy() : JSON.createObjectNode(),
                fw != null && fw.isValueNode() && !fw.isNull() ? fw.asText() : null, deviceInfo);
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    /** Every page of a query; with a pacer, each page (the SDK fetches the next inside next()) waits for room first. */
    private void run(String text, QueryPacer pacer, Consumer<JsonNode> sink) throws HubCallException {
        try {
            QueryPageOptions options = QueryPageOptions.builder().pageSize(PAGE_SIZE).build();
            if (pacer != null) {
                pacer.awaitRoom();
            }
            RawQueryResponse response = queries.queryRaw(text, options);
            used.incrementAndGet();
            if (pacer != null && response.getContinuationToken() != null) {
                pacer.awaitRoom();
            }
            while (response.hasNext()) {
                String token = response.getContinuationToken();
                String row = response.next(options);
                if (!Objects.equals(token, response.getContinuationToken())) {
                    used.incrementAndGet();
                    if (pacer != null && response.getContinuationToken() != null) {
                        pacer.awaitRoom();
                    }
                }
                sink.accept(JSON.readTree(row));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubCallException(HubCallException.Kind.OTHER, "interrupted while waiting for the query budget", e);
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
