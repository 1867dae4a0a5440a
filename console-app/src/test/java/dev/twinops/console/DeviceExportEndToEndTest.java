package dev.twinops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.twin.Twin;

import dev.twinops.console.devices.DeviceListExport;
import dev.twinops.console.devices.DeviceListViewModel;
import dev.twinops.console.devices.QueryLibrary;
import dev.twinops.console.devices.TwinQueryPager;
import dev.twinops.console.testing.FleetSeeder;
import dev.twinops.console.testing.Loopback;
import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.console.tasks.CurrentThreadTaskRunner;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.LocalHub;

/**
 * The device list's CSV export against a local hub through the service SDK: the whole query result (more rows
 * than the pager's first page, with the quick filter narrowing the table to one row), the columns the table
 * shows, in its order, and a device id that a spreadsheet would run as a formula written as text.
 */
class DeviceExportEndToEndTest {

    private static final int FLEET = 130;
    private static final String FORMULA_ID = "@SUM(1=1)";
    private static final int PLANT_2 = FLEET / 2 + 1;

    @TempDir
    static Path dir;

    private static LocalHub hub;
    private static HubConnection connection;
    private static java.util.concurrent.ScheduledExecutorService timer;

    @BeforeAll
    static void startHubWithAFleet() throws Exception {
        hub = LocalHub.start(HubConfig.builder().dataDirectory(dir.resolve("hub"))
                .bindAddress(Loopback.randomAddress()).build());
        FleetSeeder fleet = new FleetSeeder(hub.connectionInfo());
        fleet.seed("exp", 0, FLEET, 4);
        // IoT Hub allows @ and = in device ids: a spreadsheet would read this one as a formula
        fleet.registry().addDevice(new Device(FORMULA_ID));
        Twin twin = new Twin(FORMULA_ID);
        twin.getTags().put("site", "plant-2");
        fleet.twins().patch(twin);
        timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        connection = new HubConnector(timer).connectLocal("Local hub", hub.connectionInfo().serviceEndpoint(),
                hub.connectionInfo().serviceConnectionString());
    }

    @AfterAll
    static void stopHub() throws Exception {
        connection.close();
        timer.shutdownNow();
        hub.close();
    }

    @Test
    void theWholeQueryResultIsExportedWithTheColumnsShown() throws Exception {
        // a small first page and pages of 50: the export reads every page, not the rows loaded so far
        DeviceListViewModel devices = new DeviceListViewModel(h -> new TwinQueryPager(h.queries(), 10, 50),
                new QueryLibrary(dir.resolve("queries.json")), new CurrentThreadTaskRunner(), drain -> drain,
                (h, e) -> { });
        DeviceListExport export = new DeviceListExport(devices, new CurrentThreadTaskRunner());
        devices.queryTextProperty().set("tags.site = 'plant-2'");
        devices.useConnection(connection);
        await().atMost(Duration.ofSeconds(30)).until(() -> !devices.loadingProperty().get());
        devices.quickFilterProperty().set("exp-00001");
        assertThat(devices.visibleRows()).hasSize(1);
        export.shownColumns().setAll("Device ID", "Tags", "Connection");

        Path file = dir.resolve("plant-2.csv");
        export.export(file);

        assertThat(export.messageProperty().get()).isEqualTo("Exported " + PLANT_2 + " devices to plant-2.csv");
        List<CSVRecord> records;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
        assertThat(records.get(0).getParser().getHeaderNames()).containsExactly("Device ID", "Tags", "Connection");
        assertThat(records).hasSize(PLANT_2).allSatisfy(r -> {
            assertThat(r.get("Tags")).contains("site=plant-2");
            assertThat(r.get("Connection")).isEqualTo("Disconnected");
        });
        Map<String, String> tagsById = records.stream().collect(java.util.stream.Collectors.toMap(
                r -> r.get("Device ID"), r -> r.get("Tags")));
        assertThat(tagsById).hasSize(PLANT_2).containsKey("exp-00129").containsKey("'" + FORMULA_ID)
                .doesNotContainKey(FORMULA_ID);
    }
}
