package dev.twinops.console;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.hubclient.trust.PerHubTrust;
import dev.twinops.console.devices.DeviceListViewModel;
import dev.twinops.console.devices.DeviceQuery;
import dev.twinops.console.devices.DeviceRow;
import dev.twinops.console.devices.DeviceSnapshot;
import dev.twinops.console.devices.DeviceSource;
import dev.twinops.console.devices.DeviceTableController;
import dev.twinops.console.devices.QueryLibrary;
import dev.twinops.console.devices.TwinQueryPager;
import dev.twinops.console.fx.ControllerFactory;
import dev.twinops.console.fx.ThemeSwitch;
import dev.twinops.console.fx.ThrottledUiRunner;
import dev.twinops.console.tasks.ExecutorTaskRunner;
import dev.twinops.console.testing.FleetSeeder;
import dev.twinops.console.time.ReadableTime;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.state.DeviceIdentity;
import dev.twinops.hub.state.DeviceStatus;
import dev.twinops.hub.state.HubState;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Measures the device list on a local hub with many twins: time until the first rows are in the table, time until
 * all are, the heap the loaded list holds, and the FX thread's pulse gaps while it loads. The whole console pipeline
 * runs: the service SDK's query (a 100-twin first page, then 1,000-twin pages), the hand-over buffer, in-place rows,
 * filtered and sorted lists, and the console's own device table (DeviceTable.fxml, its controller and stylesheet,
 * sorted by device id) on the JavaFX thread (headless Monocle). Baselines, in the same run: the service SDK alone
 * paging the same (projected) query with the same page sizes and doing nothing with the rows, before and after each
 * console run, each side after the same collections (what the console adds on top of the hub and the SDK is the
 * difference; the run's baseline is the mean of the two), and, up to 10,000 devices, the same for
 * whole twins ({@code SELECT *}, what the list queried before it projected).
 *
 * <p>Devices missing from the hub are registered through the hub's own state API (identity, tags and a desired
 * property, then a reported firmware version), which takes seconds for 100,000 where the SDK would take minutes.
 * <pre>
 * mvn -o -q -B -pl console-app -am test-compile
 * mvn -o -q -B -pl console-app dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/console-cp.txt
 * CP=console-app/target/test-classes:console-app/target/classes:hub-emulator/target/classes:device-management/target/classes
 * CP=$CP:iothub-limits/target/classes:device-simulator/target/classes:rollout-engine/target/classes
 * CP=$CP:$(tr ':' '\n' &lt; /tmp/console-cp.txt | grep -v /dev/twinops/ | paste -sd:)
 * java -Xmx1g -cp $CP dev.twinops.console.DeviceListBenchmark 10000 console-app/target/benchmark-hub 5
 * </pre>
 * Arguments: device count (default 10000), hub data directory (reused, so devices are registered once), runs (5),
 * and {@code reuse} to list into one window run after run (the list cleared between runs, as the console re-lists
 * into its table) instead of a new window each run.
 * Not a test: it asserts nothing but that every row arrived; it prints figures.
 */
public final class DeviceListBenchmark {

    private DeviceListBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path data = Path.of(args.length > 1 ? args[1] : "target/benchmark-hub").toAbsolutePath();
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        boolean reuseWindow = args.length > 3 && args[3].equals("reuse");
        headlessJavaFx();

        Files.createDirectories(data);
        Path addressFile = data.resolve("bind-address");
        String address = Files.exists(addressFile) ? Files.readString(addressFile).strip()
                : dev.twinops.console.testing.Loopback.randomAddress();
        Files.writeString(addressFile, address);
        try (LocalHub hub = LocalHub.start(HubConfig.builder().dataDirectory(data.resolve("hub")).bindAddress(address).build())) {
            HubConnectionInfo info = hub.connectionInfo();
            PerHubTrust.jvm().trust(info.serviceEndpoint(), info.caCertificatePath());
            seedMissing(info, hub.state(), devices);
            measure(info, devices, runs, reuseWindow);
        }
        Platform.exit();
        System.exit(0);
    }

    /** Registers devices sensor-NNNNN up to {@code devices}, shaped as {@link FleetSeeder} shapes them. */
    private static void seedMissing(HubConnectionInfo info, HubState state, int devices) throws Exception {
        FleetSeeder seeder = new FleetSeeder(info);
        var count = seeder.queries().queryRaw("SELECT COUNT() AS total FROM devices", QueryPageOptions.builder().build());
        int present = (int) new ObjectMapper().readTree(count.next()).path("total").asLong();
        if (present >= devices) {
            return;
        }
        long started = System.nanoTime();
        System.out.printf("registering devices %d..%d%n", present, devices - 1);
        ObjectMapper json = new ObjectMapper();
        ObjectNode reported = json.createObjectNode().put("firmwareVersion", "1.0.0");
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int i = present; i < devices; i++) {
            String id = FleetSeeder.deviceId("sensor", i);
            ObjectNode patch = json.createObjectNode();
            patch.putObject("tags").put("site", FleetSeeder.site(i)).put("ring", i % 10 == 0 ? "canary" : "broad")
                    .put("model", i % 3 == 0 ? "TX-200" : "TX-100");
            patch.putObject("properties").putObject("desired").put("telemetryInterval", 10 + i % 5);
            writes.add(state.registry().putDevice(new DeviceIdentity(id, null, null, DeviceStatus.ENABLED, null, null,
                            null, null), null)
                    .thenCompose(d -> state.patchTwin(id, patch, null))
                    .thenCompose(t -> state.patchReported(id, reported)));
            if (writes.size() == 2_000) {
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get();
                writes.clear();
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get();
        System.out.printf("registered in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    private static void measure(HubConnectionInfo info, int devices, int runs, boolean reuseWindow) throws Exception {
        ExecutorService hubCalls = Executors.newFixedThreadPool(3);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        HubConnection connection = new HubConnector(timer).connectLocal("Local hub", info.serviceEndpoint(),
                info.serviceConnectionString());
        boolean wholeTwinBaseline = devices <= 10_000;
        List<Long> firstRows = new ArrayList<>();
        List<Long> allRows = new ArrayList<>();
        List<Long> heaps = new ArrayList<>();
        List<Long> sdkOnly = new ArrayList<>();
        List<Long> wholeTwins = new ArrayList<>();
        List<Double> maxGaps = new ArrayList<>();
        List<Double> maxFxCpu = new ArrayList<>();
        List<Double> maxDrains = new ArrayList<>();
        Thread fxThread = onFx(Thread::currentThread);
        DrainCpu[] drainsNow = new DrainCpu[1];
        long[] streamedAt = new long[2]; // the query thread's last row, and its first
        DeviceListViewModel kept = null;
        Stage keptStage = null;
        for (int run = 1; run <= runs; run++) {
            // both sides start from the same settled state (collected, the previous run's window gone), and the SDK
            // alone is timed before and after the console's load, so a baseline that happens to follow the previous
            // load's leftovers, or precede the JIT's catching up, does not decide the run's ratio
            usedHeapAfterGc();
            CpuSplit baselineCpu = new CpuSplit(fxThread);
            long sdkBefore = sdkOnlyMillis(connection, DeviceQuery.parse("").listText());
            baselineCpu.stop();
            usedHeapAfterGc();
            wholeTwins.add(wholeTwinBaseline ? sdkOnlyMillis(connection, "SELECT * FROM devices") : -1);
            long baseline = usedHeapAfterGc();
            DrainCpu drains = new DrainCpu();
            drainsNow[0] = drains;
            streamedAt[0] = 0;
            streamedAt[1] = 0;
            // "reuse": one window for every run, the list cleared and run again in it, as the console re-lists into
            // its table; otherwise a new list and window a run, so each run also styles a fresh table
            DeviceListViewModel list = reuseWindow && kept != null ? kept : onFx(() -> new DeviceListViewModel(
                    hub -> streamEnd(new TwinQueryPager(hub.queries()), streamedAt),
                    new QueryLibrary(Files.createTempFile("queries", ".json")), new ExecutorTaskRunner(hubCalls, Platform::runLater),
                    drain -> new ThrottledUiRunner(Platform::runLater, timer, TwinOpsApp.UI_DRAIN_INTERVAL,
                            () -> drainsNow[0].timing(drain).run())::request,
                    (hub, e) -> e.printStackTrace()));
            Stage stage = reuseWindow && keptStage != null ? keptStage : showInTable(list);
            // the window up and painted before the query starts, as in the console, where the window is shown long
            // before its hub is connected and listed (a new window's first layout is not the list's)
            awaitFrames(3);
            if (reuseWindow) {
                kept = list;
                keptStage = stage;
            }
            CountDownLatch first = new CountDownLatch(1);
            CountDownLatch all = new CountDownLatch(1);
            long[] firstAt = new long[1];
            javafx.collections.ListChangeListener<DeviceRow> firstRowsListener = c -> {
                if (first.getCount() == 1 && !list.visibleRows().isEmpty()) {
                    firstAt[0] = System.nanoTime();
                    first.countDown();
                }
            };
            javafx.beans.value.ChangeListener<Boolean> loadedListener = (obs, was, loading) -> {
                if (!loading) {
                    all.countDown();
                }
            };
            onFx(() -> {
                list.visibleRows().addListener(firstRowsListener);
                list.loadingProperty().addListener(loadedListener);
                return null;
            });
            RolloutBenchmark.PulseGaps gaps = new RolloutBenchmark.PulseGaps();
            TablePulseTrace trace = new TablePulseTrace(stage.getScene(), () -> list.visibleRows().size());
            drains.trace = trace;
            onFx(() -> {
                gaps.start();
                return null;
            });
            Thread watchdog = gaps.watchdog(fxThread);
            CpuSplit loadCpu = new CpuSplit(fxThread);
            long started = System.nanoTime();
            onFx(() -> {
                trace.start(started);
                list.useConnection(connection);
                return null;
            });
            first.await(30, TimeUnit.MINUTES);
            all.await(30, TimeUnit.MINUTES);
            long done = System.nanoTime();
            loadCpu.stop();
            // a few more frames: the table lays out what the last drain changed
            CountDownLatch settled = new CountDownLatch(1);
            onFx(() -> {
                Platform.runLater(settled::countDown);
                return null;
            });
            settled.await(1, TimeUnit.MINUTES);
            onFx(() -> {
                gaps.stop();
                trace.stop();
                return null;
            });
            watchdog.interrupt();
            int loaded = onFx(() -> list.visibleRows().size());
            String countText = onFx(() -> list.countTextProperty().get());
            if (loaded != devices) {
                throw new IllegalStateException("loaded " + loaded + " rows, expected " + devices + " (" + countText + ")");
            }
            long heap = usedHeapAfterGc() - baseline;
            onFx(() -> {
                list.visibleRows().removeListener(firstRowsListener);
                list.loadingProperty().removeListener(loadedListener);
                list.useConnection(null);
                if (!reuseWindow) {
                    stage.close();
                }
                return null;
            });
            usedHeapAfterGc();
            long sdkAfter = sdkOnlyMillis(connection, DeviceQuery.parse("").listText());
            sdkOnly.add((sdkBefore + sdkAfter) / 2);
            firstRows.add(TimeUnit.NANOSECONDS.toMillis(firstAt[0] - started));
            allRows.add(TimeUnit.NANOSECONDS.toMillis(done - started));
            heaps.add(heap);
            maxGaps.add(gaps.maxGapMillis());
            maxFxCpu.add(gaps.maxCpuMillis());
            System.out.printf(Locale.ROOT, "run %d: first rows %d ms, all %,d rows %d ms (\"%s\"), list heap %.1f MB; "
                    + "baselines: SDK paging alone %d ms (%d before, %d after), whole twins %d ms; ratio %.2fx; the query "
                    + "thread read its first row at %d ms and its last at %d ms%n  %s%n"
                    + "  the gap with the most FX CPU ended %d ms after the query started (first rows at %d ms); "
                    + "%s%n", run,
                    firstRows.get(run - 1), loaded, allRows.get(run - 1), countText, heap / 1e6, sdkOnly.get(run - 1),
                    sdkBefore, sdkAfter, wholeTwins.get(run - 1), allRows.get(run - 1) / (double) sdkOnly.get(run - 1),
                    TimeUnit.NANOSECONDS.toMillis(streamedAt[1] - started), TimeUnit.NANOSECONDS.toMillis(streamedAt[0] - started), gaps.report().replace("\n", "\n  "),
                    TimeUnit.NANOSECONDS.toMillis(gaps.mostCpuEndedAt() - started), firstRows.get(run - 1),
                    drains.report());
            System.out.printf("  CPU (ms) while the SDK alone paged: %s%n  CPU (ms) while the console listed: %s%n",
                    baselineCpu, loadCpu);
            System.out.print("  gaps with the most FX CPU:\n" + trace.report(3).indent(4)
                    + "  the first screenful, gap by gap:\n" + trace.firstGaps(60));
            maxDrains.add(drains.maxMillis());
        }
        if (keptStage != null) { // the one window of a "reuse" run
            Stage last = keptStage;
            onFx(() -> {
                last.close();
                return null;
            });
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ratios.add(allRows.get(i) / (double) sdkOnly.get(i));
        }
        System.out.printf(Locale.ROOT, "median of %d runs over %,d twins: first rows %d ms, all rows %d ms, "
                        + "heap held by the loaded list %.1f MB; baselines: SDK paging alone %d ms, whole twins (SELECT *) "
                        + "through the SDK alone %d ms; ratio all rows / SDK alone %.2fx (per run %s; of the medians %.2fx); "
                        + "longest FX pulse gap per run %s ms, most FX CPU in one gap per run %s ms, "
                        + "longest drain of the list's updates (FX CPU) per run %s ms "
                        + "(max heap %d MB, %d CPUs; %s)%n",
                runs, devices, median(firstRows), median(allRows), median(heaps) / 1e6, median(sdkOnly),
                median(wholeTwins), median(ratios), format(ratios), median(allRows) / (double) median(sdkOnly), format(maxGaps), format(maxFxCpu), format(maxDrains),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), Runtime.getRuntime().availableProcessors(),
                reuseWindow ? "one window, re-listed each run" : "a new window each run");
        connection.close();
        hubCalls.shutdownNow();
        timer.shutdownNow();
    }

    /**
     * FX thread CPU time of each drain of the list's updates (one batch of rows into the table): under heavy load
     * several drains can fall into one pulse gap, so this is the console's own share per step.
     */
    private static final class DrainCpu {
        private final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final List<Long> cpu = new ArrayList<>();
        /** Told each drain's CPU, to split the pulse gaps (set once the table shows). */
        private TablePulseTrace trace;

        Runnable timing(Runnable drain) {
            return () -> {
                long before = threads.getCurrentThreadCpuTime();
                drain.run();
                long spent = threads.getCurrentThreadCpuTime() - before;
                cpu.add(spent);
                if (trace != null) {
                    trace.drained(spent);
                }
            };
        }

        double maxMillis() {
            return cpu.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
        }

        String report() {
            List<Long> sorted = new ArrayList<>(cpu);
            Collections.sort(sorted);
            return String.format(Locale.ROOT, "%d drains, FX CPU per drain p50 %.1f ms, max %.1f ms, total %.0f ms",
                    sorted.size(), sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1e6, maxMillis(),
                    sorted.stream().mapToLong(Long::longValue).sum() / 1e6);
        }
    }

    /**
     * CPU time over a stretch of the run: the whole process (JIT compilers and GC included), the FX thread, the
     * threads that page queries (the console's task pool and the SDK's), and the hub's threads.
     */
    private static final class CpuSplit {
        private final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final Thread fx;
        private final long process;
        private final java.util.Map<Long, Long> before = new java.util.HashMap<>();
        private long processSpent;
        private final java.util.Map<String, Long> spent = new java.util.LinkedHashMap<>();

        CpuSplit(Thread fx) {
            this.fx = fx;
            for (long id : threads.getAllThreadIds()) {
                before.put(id, threads.getThreadCpuTime(id));
            }
            process = os.getProcessCpuTime();
            gcMillis = gcMillis();
            jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        }

        private long gcMillis;
        private long jitMillis;
        private long gcCount;

        private static long gcMillis() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
        }

        private static long gcCount() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
        }

        void stop() {
            processSpent = os.getProcessCpuTime() - process;
            gcMillis = gcMillis() - gcMillis;
            jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitMillis;
            spent.put("fx", 0L);
            spent.put("query", 0L);
            spent.put("hub", 0L);
            spent.put("other threads", 0L);
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long now = threads.getThreadCpuTime(info.getThreadId());
                long was = before.getOrDefault(info.getThreadId(), 0L);
                if (now < 0 || was < 0) {
                    continue;
                }
                String name = info.getThreadName();
                String group = info.getThreadId() == fx.getId() ? "fx" : name.startsWith("hub-") ? "hub"
                        : name.startsWith("pool-") || name.startsWith("main") ? "query" : "other threads";
                spent.merge(group, now - was, Long::sum);
            }
        }

        @Override
        public String toString() {
            long threadsTotal = spent.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "process %.0f", processSpent / 1e6));
            spent.forEach((k, v) -> sb.append(String.format(Locale.ROOT, ", %s %.0f", k, v / 1e6)));
            return sb.append(String.format(Locale.ROOT, ", JIT/GC/VM %.0f (GC pauses %d ms, compiling %d ms)",
                    (processSpent - threadsTotal) / 1e6, gcMillis, jitMillis)).toString();
        }
    }

    /** The source, noting when its stream returned (the query thread's part of a load). */
    private static DeviceSource streamEnd(DeviceSource source, long[] at) {
        return new DeviceSource() {
            @Override
            public long count(DeviceQuery query) throws Exception {
                return source.count(query);
            }

            @Override
            public void stream(DeviceQuery query, java.util.function.Consumer<DeviceSnapshot> sink,
                               java.util.function.BooleanSupplier stillWanted) throws Exception {
                source.stream(query, row -> {
                    if (at[1] == 0) {
                        at[1] = System.nanoTime();
                    }
                    sink.accept(row);
                }, stillWanted);
                at[0] = System.nanoTime();
            }
        };
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

    /** The console's own device table (FXML, controller, theme, stylesheet) in a window of the console's size. */
    private static Stage showInTable(DeviceListViewModel list) throws Exception {
        return onFx(() -> {
            new ThemeSwitch(false).apply();
            ControllerFactory controllers = new ControllerFactory().register(DeviceTableController.class,
                    () -> new DeviceTableController(list, new ReadableTime(Clock.systemDefaultZone())));
            Parent table = controllers.load(DeviceTableController.class, "DeviceTable.fxml");
            Scene scene = new Scene(table, 1000, 700);
            scene.getStylesheets().add(Objects.requireNonNull(TwinOpsApp.class.getResource("console.css")).toExternalForm());
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.show();
            return stage;
        });
    }

    /** Waits until the FX thread has run {@code frames} pulses (a new window's first CSS, layout and paint). */
    private static void awaitFrames(int frames) throws InterruptedException {
        CountDownLatch framed = new CountDownLatch(frames);
        javafx.animation.AnimationTimer counter = new javafx.animation.AnimationTimer() {
            @Override
            public void handle(long now) {
                framed.countDown();
            }
        };
        Platform.runLater(counter::start);
        if (!framed.await(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the FX thread ran no pulses for a minute");
        }
        Platform.runLater(counter::stop);
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

    private static <T extends Comparable<T>> T median(List<T> values) {
        List<T> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList().toString();
    }
}
