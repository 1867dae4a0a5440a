package dev.twinops.console.devices;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;

import dev.twinops.console.connection.HubErrors;

/**
 * Device rows from twin queries through the service SDK's {@link QueryClient}: a small first page, then
 * pages of 1,000 twins (the hub's maximum), the SDK following the hub's continuation token, each row handed on as soon as it is read so the table
 * fills while later pages are still on their way. Raw rows are read with Jackson into small snapshots
 * instead of the SDK's full {@code Twin} objects, which keeps a 10,000-device list light.
 */
public final class TwinQueryPager implements DeviceSource {

    private static final Logger LOG = LoggerFactory.getLogger(TwinQueryPager.class);

    /** IoT Hub's maximum page size (x-ms-max-item-count). */
    public static final int MAX_PAGE_SIZE = 1000;
    /** The first page is small so the first rows show quickly; later pages are as large as the hub allows. */
    public static final int FIRST_PAGE_SIZE = 100;

    private final QueryClient queries;
    private final int firstPageSize;
    private final int pageSize;
    private final DeviceSnapshotReader reader = new DeviceSnapshotReader();
    private final ObjectMapper mapper = new ObjectMapper();

    public TwinQueryPager(QueryClient queries) {
        this(queries, FIRST_PAGE_SIZE, MAX_PAGE_SIZE);
    }

    public TwinQueryPager(QueryClient queries, int firstPageSize, int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE || firstPageSize < 1 || firstPageSize > pageSize) {
            throw new IllegalArgumentException("page sizes must be 1 <= first <= later <= " + MAX_PAGE_SIZE
                    + ": " + firstPageSize + ", " + pageSize);
        }
        this.queries = queries;
        this.firstPageSize = firstPageSize;
        this.pageSize = pageSize;
    }

    @Override
    public long count(DeviceQuery query) throws Exception {
        RawQueryResponse response = queries.queryRaw(query.countText(), QueryPageOptions.builder().pageSize(1).build());
        long total = 0;
        // A count has one row; with GROUP BY in the condition there is one per group, so add them up.
        while (response.hasNext()) {
            total += mapper.readTree(response.next()).path("total").asLong(0);
        }
        return total;
    }

    @Override
    public void stream(DeviceQuery query, Consumer<DeviceSnapshot> sink, BooleanSupplier stillWanted) throws Exception {
        QueryPageOptions options = QueryPageOptions.builder().pageSize(pageSize).build();
        long started = System.nanoTime();
        QueryPageOptions first = QueryPageOptions.builder().pageSize(firstPageSize).build();
        RawQueryResponse response;
        try {
            response = queries.queryRaw(query.listText(), first);
        } catch (IotHubBadFormatException e) {
            // The hub's message points at a position in the query text; the operator sees (and typed towards)
            // "SELECT * FROM devices WHERE ...", not the projection, so the error to show is that query's.
            try {
                queries.queryRaw(query.selectText(), first);
            } catch (IotHubBadFormatException shown) {
                throw new QueryRejectedException(HubErrors.hubMessage(shown), shown);
            }
            throw new QueryRejectedException(HubErrors.hubMessage(e), e);
        }
        // Later pages: the SDK follows the continuation token with the page size given to next().
        int rows = 0;
        int skipped = 0;
        while (stillWanted.getAsBoolean() && response.hasNext()) {
            String row = response.next(options);
            try {
                sink.accept(reader.read(row));
                rows++;
            } catch (IllegalArgumentException e) {
                skipped++;
            }
        }
        LOG.info("Query \"{}\": {} rows in {} ms{}{}", query.selectText(), rows, (System.nanoTime() - started) / 1_000_000,
                skipped > 0 ? ", rows without deviceId skipped: " + skipped : "",
                stillWanted.getAsBoolean() ? "" : " (stopped: superseded, or the list's row cap)");
    }
}
