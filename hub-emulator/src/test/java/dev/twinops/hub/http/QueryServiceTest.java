package dev.twinops.hub.http;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.query.SqlQueryBuilder;
import com.microsoft.azure.sdk.iot.service.query.TwinQueryResponse;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Queries through the official QueryClient and TwinClient, including paging. */
class QueryServiceTest {
    private static final int DEVICES = 250;

    @TempDir
    static Path dataDir;

    static LocalHub hub;
    static QueryClient queries;
    static TwinClient twins;

    @BeforeAll
    static void startHubWithDevices() throws Exception {
        hub = TestHubs.start(dataDir);
        String endpoint = hub.connectionInfo().serviceEndpoint();
        queries = new QueryClient(endpoint, TestHubs.credential(hub, "iothubowner"));
        twins = new TwinClient(endpoint, TestHubs.credential(hub, "iothubowner"));
        RegistryClient registry = new RegistryClient(endpoint, TestHubs.credential(hub, "iothubowner"));
        for (int i = 0; i < DEVICES; i++) {
            registry.addDevice(new Device(String.format("q-%03d", i)));
        }
        for (int i = 0; i < 10; i++) {
            Twin patch = new Twin(String.format("q-%03d", i));
            patch.getTags().put("site", "plant-" + (i % 2));
            twins.patch(patch);
        }
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void pagingThroughAllTwinsReturnsEachOnceInPagesOfTheRequestedSize() throws Exception {
        // the SDK asks for the next page with the options passed to next(), so pass the page size each time
        QueryPageOptions pagesOf100 = QueryPageOptions.builder().pageSize(100).build();
        TwinQueryResponse response = queries.queryTwins("select * from devices", pagesOf100);
        List<String> ids = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        while (response.hasNext()) {
            ids.add(response.next(pagesOf100).getDeviceId());
            if (response.getContinuationToken() != null && !tokens.contains(response.getContinuationToken())) {
                tokens.add(response.getContinuationToken());
            }
        }
        assertThat(ids).hasSize(DEVICES);
        assertThat(new HashSet<>(ids)).hasSize(DEVICES);
        assertThat(tokens).as("a token after page 1 and after page 2, none after the last").hasSize(2);
    }

    @Test
    void aProjectionPagedWhileTwinsChangeShowsEachRowOnceAsOfItsFirstPage() throws Exception {
        QueryPageOptions pagesOf100 = QueryPageOptions.builder().pageSize(100).build();
        String query = "SELECT deviceId, tags.probe AS probe FROM devices WHERE STARTSWITH(deviceId, 'q-')";
        RawQueryResponse response = queries.queryRaw(query, pagesOf100);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(response.next(pagesOf100));
        }
        // a device on a later page
        String later = java.util.stream.IntStream.range(0, DEVICES).mapToObj(i -> String.format("q-%03d", i))
                .filter(id -> rows.stream().noneMatch(r -> r.contains("\"" + id + "\""))).findFirst().orElseThrow();
        // rows are projected when their page is sent, from the twins as they were when the query ran
        Twin patch = new Twin(later);
        patch.getTags().put("probe", "set-between-pages");
        twins.patch(patch);
        while (response.hasNext()) {
            rows.add(response.next(pagesOf100));
        }
        assertThat(rows).hasSize(DEVICES).doesNotHaveDuplicates();
        assertThat(rows).filteredOn(r -> r.contains("\"" + later + "\"")).singleElement().asString().doesNotContain("probe");
        RawQueryResponse again = queries.queryRaw("SELECT tags.probe AS probe FROM devices WHERE deviceId = '" + later + "'");
        assertThat(again.next()).contains("set-between-pages");
    }

    @Test
    void twinClientQueryIteratesEveryMatchingTwin() throws Exception {
        TwinQueryResponse response = twins.query("SELECT * FROM devices WHERE tags.site = 'plant-1'",
                QueryPageOptions.builder().pageSize(2).build());
        Set<String> ids = new HashSet<>();
        while (response.hasNext()) {
            Twin twin = response.next();
            assertThat(twin.getTags()).containsEntry("site", "plant-1");
            ids.add(twin.getDeviceId());
        }
        assertThat(ids).containsExactlyInAnyOrder("q-001", "q-003", "q-005", "q-007", "q-009");
    }

    @Test
    void projectionsAndAggregatesComeAsRawRows() throws Exception {
        RawQueryResponse response = queries.queryRaw("SELECT COUNT() AS total FROM devices WHERE STARTSWITH(deviceId, 'q-00')");
        assertThat(response.hasNext()).isTrue();
        assertThat(response.next()).contains("\"total\":10");
    }

    @Test
    void aMalformedQueryIs400WithThePositionOfTheError() {
        assertThatThrownBy(() -> queries.queryTwins("SELECT * FROM devices WHERE tags.site = = 'x'"))
                .isInstanceOf(IotHubBadFormatException.class)
                .hasMessageContaining("position");
    }

    @Test
    void aThousandNestedParenthesesAre400WithAPositionAndTheConnectionKeepsServing() throws Exception {
        // used to overflow the parser's stack on the event loop: the connection dropped with no answer
        String deep = "SELECT * FROM devices WHERE " + "(".repeat(1000) + "1=1" + ")".repeat(1000);
        assertThatThrownBy(() -> queries.queryRaw(deep))
                .isInstanceOf(IotHubBadFormatException.class)
                .hasMessageContaining("nested too deeply at position 129");
        String signs = "SELECT * FROM devices WHERE " + "-".repeat(8000) + "1 = -1";
        assertThatThrownBy(() -> queries.queryRaw(signs))
                .isInstanceOf(IotHubBadFormatException.class)
                .hasMessageContaining("position 129");

        RawQueryResponse response = queries.queryRaw("SELECT COUNT() AS total FROM devices");
        assertThat(response.next()).contains("\"total\":" + DEVICES);
    }

    @Test
    void aJobWithADeeplyNestedQueryConditionIs400AndOtherJobsAreScheduled() throws Exception {
        ScheduledJobsClient jobs = new ScheduledJobsClient(hub.connectionInfo().serviceEndpoint(),
                TestHubs.credential(hub, "iothubowner"));
        Twin update = new Twin();
        update.getTags().put("deep", "no");
        String condition = "(".repeat(4000) + "deviceId = 'q-001'" + ")".repeat(4000);
        assertThatThrownBy(() -> jobs.scheduleUpdateTwin("deep-condition", condition, update, new Date(), 60))
                .isInstanceOf(IotHubBadFormatException.class)
                .hasMessageContaining("nested too deeply at position 101");

        assertThat(jobs.scheduleUpdateTwin("plain-condition", "deviceId = 'q-001'", update, new Date(), 60).getJobId())
                .isEqualTo("plain-condition");
    }

    @Test
    void propertyNamesWithAUuidGroupAndCountAsInTheSdksOwnRawQueryTest() throws Exception {
        // QueryClientTests.testRawQuery of the service SDK's e2e tests, against this hub
        String property = "KeyQuery" + UUID.randomUUID();
        String value = "ValueQuery" + UUID.randomUUID();
        for (int i = 20; i < 24; i++) {
            Twin twin = twins.get(String.format("q-%03d", i));
            twin.getDesiredProperties().put(property, value);
            twins.patch(twin);
        }
        String select = "properties.desired." + property + " AS " + property + ", COUNT() AS numberOfDevices";
        String sql = SqlQueryBuilder.createSqlQuery(select, SqlQueryBuilder.FromType.DEVICES, null,
                "properties.desired." + property);

        RawQueryResponse response = queries.queryRaw(sql);
        List<String> rows = new ArrayList<>();
        while (response.hasNext()) {
            rows.add(response.next());
        }
        assertThat(rows).contains("{\"" + property + "\":\"" + value + "\",\"numberOfDevices\":4}");
    }
}
