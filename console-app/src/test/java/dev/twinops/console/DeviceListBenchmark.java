package dev.twinops.console;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.console.devices.DeviceListViewModel;
import dev.twinops.console.devices.DeviceQuery;
import dev.twinops.console.devices.DeviceRow;
import dev.twinops.console.devices.QueryLibrary;
import dev.twinops.console.devices.TwinQueryPager;
import dev.twinops.console.fx.ThrottledUiRunner;
import dev.twinops.console.testing.FleetSeeder;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.tls.TrustedCertificates;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.stage.Stage;
import dev.twinops.console.tasks.ExecutorTaskRunner;

/**
 * Measures the device list on a local hub with many twins: time until the first rows are in the table,
 * time until all are, and the heap the loaded list holds. The whole console pipeline runs: the service
 * SDK's query with 1,000-twin pages, the hand-over buffer, in-place rows, filtered and sorted lists, and a
 * real TableView on the JavaFX thread (headless Monocle). Two baselines, in the same run before each console run:
 * the service SDK alone paging the same (projected) query with the same page sizes and doing nothing with the rows
 * (what the console adds on top of the hub and the SDK is the difference), and the same for whole twins
 * ({@code SELECT *}, what the list queried before it projected).
 *
 * <pre>
 * mvn -q -o install -DskipTests -pl console-app -am
 * mvn -q -o -pl console-app exec:exec@device-list-benchmark -Dbenchmark.args="10000 target/benchmark-hub 5"
 * </pre>
 * Arguments: device count (default 10000), hub data directory (reused, so devices are seeded once), runs (5).
 * Not a test: it asserts nothing; it prints figures.
 */
public final class DeviceListBenchmark {

    private DeviceListBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path data = Path.of(args.length > 1 ? args[1] : "target/benchmark-hub").toAbsolutePath();
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        headlessJavaFx();

        Files.createDirectories(data);
        Path addressFile = data.resolve("bind-address");
        String address = Files.exists(addressFile) ? Files.readString(addressFile).strip()
                : dev.twinops.console.testing.Loopback.randomAddress();
        Files.writeString(addressFile, address);
        try (LocalHub hub = LocalHub.start(HubConfig.builder().dataDirectory(data.resolve("hub")).bindAddress(address).build())) {
            HubConnectionInfo info = hub.connectionInfo();
            TrustedCertificates.installJvmWide(info.caCertificatePath());
            seedMissing(info, devices);
            measure(info, devices, runs);
        }
        Platform.exit();
        System.exit(0);
    }

    private static void seedMissing(HubConnectionInfo info, int devices) throws Exception {
        FleetSeeder seeder = new FleetSeeder(info);
        var count = seeder.queries().queryRaw("SELECT COUNT() AS total FROM devices", QueryPageOptions.builder().build());
        long present = new ObjectMapper().readTree(count.next()).path("total").asLong();
        if (present < devices) {
            long started = System.nanoTime();
            System.out.printf("seeding devices %d..%d%n", present, devices - 1);
            seeder.seed("sensor", (int) present, devices, 32);
            System.out.printf("seeded in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        }
    }

    private static void measure(HubConnectionInfo info, int devices, int runs) throws Exception {
        ExecutorService hubCalls = Executors.newFixedThreadPool(3);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        HubConnection connection = new HubConnector(timer).connectLocal("Local hub", info.serviceEndpoint(),
                info.serviceConnectionString());
        List<Long> firstRows = new ArrayList<>();
        List<Long> allRows = new ArrayList<>();
        List<Long> heaps = new ArrayList<>();
        List<Long> sdkOnly = new ArrayList<>();
        List<Long> wholeTwins = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            sdkOnly.add(sdkOnlyMillis(connection, DeviceQuery.parse("").listText()));
            wholeTwins.add(sdkOnlyMillis(connection, "SELECT * FROM devices"));
            long baseline = usedHeapAfterGc();
            DeviceListViewModel list = onFx(() -> new DeviceListViewModel(hub -> new TwinQueryPager(hub.queries()),
                    new QueryLibrary(Files.createTempFile("queries", ".json")), new ExecutorTaskRunner(hubCalls, Platform::runLater),
                    drain -> new ThrottledUiRunner(Platform::runLater, timer, TwinOpsApp.UI_DRAIN_INTERVAL, drain)::request,
                    (hub, e) -> e.printStackTrace()));
            showInTable(list);
            CountDownLatch first = new CountDownLatch(1);
            CountDownLatch all = new CountDownLatch(1);
            long[] firstAt = new long[1];
            onFx(() -> {
                list.visibleRows().addListener((javafx.collections.ListChangeListener<DeviceRow>) c -> {
                    if (first.getCount() == 1 && !list.visibleRows().isEmpty()) {
                        firstAt[0] = System.nanoTime();
                        first.countDown();
                    }
                });
                list.loadingProperty().addListener((obs, was, loading) -> {
                    if (!loading) {
                        all.countDown();
                    }
                });
                return null;
            });
            long started = System.nanoTime();
            onFx(() -> {
                list.useConnection(connection);
                return null;
            });
            first.await(5, TimeUnit.MINUTES);
            all.await(5, TimeUnit.MINUTES);
            long done = System.nanoTime();
            int loaded = onFx(() -> list.visibleRows().size());
            if (loaded != devices) {
                throw new IllegalStateException("loaded " + loaded + " rows, expected " + devices);
            }
            long heap = usedHeapAfterGc() - baseline;
            firstRows.add(TimeUnit.NANOSECONDS.toMillis(firstAt[0] - started));
            allRows.add(TimeUnit.NANOSECONDS.toMillis(done - started));
            heaps.add(heap);
            System.out.printf(Locale.ROOT, "run %d: first rows %d ms, all %,d rows %d ms, list heap %.1f MB; "
                    + "baselines: SDK paging alone %d ms, whole twins %d ms%n", run, firstRows.get(run - 1), loaded,
                    allRows.get(run - 1), heap / 1e6, sdkOnly.get(run - 1), wholeTwins.get(run - 1));
            onFx(() -> {
                list.useConnection(null);
                return null;
            });
        }
        System.out.printf(Locale.ROOT, "median of %d runs over %,d twins: first rows %d ms, all rows %d ms, "
                        + "heap held by the loaded list %.1f MB; baselines: SDK paging alone %d ms, whole twins (SELECT *) "
                        + "through the SDK alone %d ms (max heap %d MB, %d CPUs)%n",
                runs, devices, median(firstRows), median(allRows), median(heaps) / 1e6, median(sdkOnly),
                median(wholeTwins),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), Runtime.getRuntime().availableProcessors());
        connection.close();
        hubCalls.shutdownNow();
        timer.shutdownNow();
    }

    /** A query with the list's page sizes through the service SDK alone, rows read as strings and dropped. */
    private static long sdkOnlyMillis(HubConnection connection, String query) throws Exception {
        long started = System.nanoTime();
        var response = connection.queries().queryRaw(query,
                QueryPageOptions.builder().pageSize(TwinQueryPager.FIRST_PAGE_SIZE).build());
        QueryPageOptions later = QueryPageOptions.builder().pageSize(TwinQueryPager.MAX_PAGE_SIZE).build();
        long chars = 0;
        while (response.hasNext()) {
            chars += response.next(later).length();
        }
        if (chars == 0) {
            throw new IllegalStateException("the baseline query returned nothing");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static void showInTable(DeviceListViewModel list) throws Exception {
        onFx(() -> {
            TableView<DeviceRow> table = new TableView<>(list.visibleRows());
            TableColumn<DeviceRow, String> id = new TableColumn<>("Device ID");
            id.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().deviceId()));
            TableColumn<DeviceRow, String> tags = new TableColumn<>("Tags");
            tags.setCellValueFactory(c -> c.getValue().tagsProperty());
            table.getColumns().add(id);
            table.getColumns().add(tags);
            list.visibleRows().comparatorProperty().bind(table.comparatorProperty());
            table.getSortOrder().add(id); // sorted, as an operator would have it
            Stage stage = new Stage();
            stage.setScene(new Scene(table, 1000, 700));
            stage.show();
            return null;
        });
    }

    private static void headlessJavaFx() throws InterruptedException {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Platform.setImplicitExit(false);
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(work);
        Platform.runLater(task);
        return task.get(1, TimeUnit.MINUTES);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(Duration.ofMillis(200).toMillis());
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
