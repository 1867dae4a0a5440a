package dev.twinops.hub.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinops.hub.auth.Permission;
import dev.twinops.hub.query.QuerySource;
import dev.twinops.hub.query.TwinQuery;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import dev.twinops.hub.state.HubState;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@code POST /devices/query}: IoT Hub's query language over the twins (and, once registered, the per-device
 * job rows), paged with {@code x-ms-max-item-count} (default 100, at most 1,000) and {@code x-ms-continuation}.
 * A response carries {@code x-ms-continuation} only when more rows remain, and {@code x-ms-item-type}
 * ({@code Twin}, {@code DeviceJob} or {@code Raw}) as IoT Hub does: the names of the .NET SDK's
 * {@code QueryResultType}, which it parses case-sensitively from this header (Java 1.x and Python accept any case).
 * Queries run on the given executor, never on an event loop.
 */
public final class QueryRoutes implements ServiceRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(QueryRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String MAX_ITEM_COUNT = "x-ms-max-item-count";
    static final String CONTINUATION = "x-ms-continuation";
    static final String ITEM_TYPE = "x-ms-item-type";
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    private final Executor queryExecutor;
    private final QueryPages pages;
    private final Map<QuerySource, Supplier<? extends Collection<? extends JsonNode>>> collections = new ConcurrentHashMap<>();

    public QueryRoutes(HubState state, Executor queryExecutor, Clock clock) {
        this.queryExecutor = queryExecutor;
        this.pages = new QueryPages(clock);
        collections.put(QuerySource.DEVICES, state::twins);
    }

    /**
     * Makes a collection queryable, e.g. the per-device job rows for {@code FROM devices.jobs}. The supplier is
     * called on the query executor and must return a consistent snapshot the query may read without locking.
     */
    public void registerCollection(QuerySource source, Supplier<? extends Collection<? extends JsonNode>> documents) {
        collections.put(source, documents);
    }

    @Override
    public void registerWith(RouteTable routes) {
        routes.add(HttpMethod.POST, "/devices/query", Set.of(Permission.REGISTRY_READ, Permission.SERVICE_CONNECT),
                this::query);
    }

    private CompletableFuture<ServiceResponse> query(ServiceRequest request) {
        String text = JsonFields.requiredString(request.jsonObjectBody(), "query");
        int pageSize = pageSize(request.header(MAX_ITEM_COUNT));
        String token = request.header(CONTINUATION);
        QueryPages.Continuation continuation = token == null || token.isBlank() ? null : QueryPages.parseToken(token);
        // parse on the event loop: cheap, and a syntax error is answered without a thread hop
        TwinQuery query = TwinQuery.parse(text);
        return CompletableFuture.supplyAsync(() -> page(query, pageSize, continuation), queryExecutor);
    }

    private ServiceResponse page(TwinQuery query, int pageSize, QueryPages.Continuation continuation) {
        List<JsonNode> rows = null;
        String snapshotId = null;
        int offset = 0;
        if (continuation != null) {
            snapshotId = continuation.snapshotId();
            offset = continuation.offset();
            rows = pages.rows(snapshotId, query.text()).orElse(null);
            if (rows == null) {
                LOG.debug("Query snapshot {} expired; running the query again from offset {}", snapshotId, offset);
            }
        }
        if (rows == null) {
            // Unprojected: the matching twins themselves (immutable), projected page by page below, so the first page
            // of a projection over 100,000 twins does not wait for (nor the snapshot hold) 100,000 projected rows.
            rows = query.executeUnprojected(documents(query.source()));
            snapshotId = null;
        }
        int from = Math.min(offset, rows.size());
        int to = (int) Math.min((long) from + pageSize, rows.size());
        List<JsonNode> pageRows = new ArrayList<>(to - from);
        for (JsonNode row : rows.subList(from, to)) {
            pageRows.add(query.row(row));
        }

        String next = null;
        if (to < rows.size()) {
            if (snapshotId == null) {
                snapshotId = pages.keep(query.text(), rows);
            }
            next = QueryPages.token(snapshotId, to);
        } else if (snapshotId != null) {
            pages.forget(snapshotId);
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(pageRows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise query rows", e);
        }
        ServiceResponse response = ServiceResponse.jsonBytes(HttpResponseStatus.OK, body)
                .withHeader(ITEM_TYPE, itemType(query));
        return next == null ? response : response.withHeader(CONTINUATION, next);
    }

    private Collection<? extends JsonNode> documents(QuerySource source) {
        Supplier<? extends Collection<? extends JsonNode>> supplier = collections.get(source);
        return supplier == null ? List.of() : supplier.get();
    }

    /** As IoT Hub labels pages: whole twins, whole device-job rows, or anything computed (projections, aggregates). */
    static String itemType(TwinQuery query) {
        if (!query.selectsWholeDocuments()) {
            return "Raw";
        }
        return switch (query.source()) {
            case DEVICES -> "Twin";
            case DEVICES_JOBS -> "DeviceJob";
            case DEVICES_MODULES -> "Twin";
        };
    }

    static int pageSize(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_PAGE_SIZE;
        }
        int value;
        try {
            value = Integer.parseInt(header.trim());
        } catch (NumberFormatException e) {
            throw new HubException(HubError.ARGUMENT_INVALID, "The x-ms-max-item-count header '" + header
                    + "' is not a whole number");
        }
        if (value < 1) {
            throw new HubException(HubError.ARGUMENT_INVALID, "The x-ms-max-item-count header must be at least 1, not "
                    + value);
        }
        return Math.min(value, MAX_PAGE_SIZE);
    }
}
