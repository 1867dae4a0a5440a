package dev.twinops.console;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.twinops.console.devices.DeviceRow;
import dev.twinops.console.operations.FirmwareStaging;
import dev.twinops.console.operations.OperationRequest;
import dev.twinops.console.operations.OperationsViewModel;
import dev.twinops.console.operations.PackageDigest;
import dev.twinops.console.simulator.FleetSpec;
import dev.twinops.console.testing.Loopback;
import dev.twinops.simulator.faults.FaultSettings;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * Measures a firmware rollout through the console: N simulated devices (launched through the console's simulator,
 * as the launcher dialog does) on the embedded local hub, a firmware update of every device matching the query
 * (what the Update button does after the confirmation), and the time from that click until every row shows a final
 * state. Meanwhile an {@link AnimationTimer} records the gap between consecutive FX pulses: a gap far above the
 * 16.7 ms frame is time the FX thread could not draw. Not a test: a main, run headless (Monocle), e.g.
 * <pre>
 * mvn -q -o -pl console-app exec:exec@rollout-benchmark -Drollout.args="1000 sorted inprocess"
 * </pre>
 * (with the modules installed; from a checkout without installing them, the java command line in
 * docs/performance.md runs it on the reactor's classes).
 * Arguments: [devices=1000] [sorted|unsorted] [inprocess|separate] [home=fresh temp dir]; "separate" is the
 * launcher's "Run the devices in a separate process" (the simulator's command line in a child JVM at nice 19).
 */
public final class RolloutBenchmark {

    private RolloutBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            // the FX thread and the hub's threads would keep the JVM waiting for ever after a failure
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        boolean sorted = args.length > 1 && args[1].equals("sorted");
        boolean separateProcess = args.length > 2 && args[2].equals("separate");
        Path home = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("rollout-bench");
        Path chosen = home.resolve("bench-firmware-2.0.0.bin");
        byte[] image = new byte[256 * 1024];
        new Random(3).nextBytes(image);
        Files.write(chosen, image);
        String sha = PackageDigest.sha256(chosen);
        // what the firmware dialog does with a chosen file: devices read file: packages under <home>/firmware
        Path firmware = FirmwareStaging.stage(chosen, sha, home.resolve("firmware"));

        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get();
        TwinOpsApp app = new TwinOpsApp(ConsoleSettings.at(home).withLocalHub(Loopback.randomAddress(), 8443));
        app.init(); // as Application.launch does, off the FX thread: start() reads what init() loaded
        Stage[] stage = new Stage[1];
        onFx(() -> {
            stage[0] = new Stage();
            app.start(stage[0]);
        });
        long t0 = System.nanoTime();
        await("the local hub", Duration.ofMinutes(2), () -> onFxValue(() ->
                label(stage[0], "#hubStatusLabel").endsWith("connected")));
        System.out.printf(Locale.ROOT, "hub up after %d ms%n", ms(t0));
        // the window opens on the dashboard; the operator follows a rollout in the device list
        onFx(() -> ((TabPane) stage[0].getScene().lookup("#viewTabs")).getTabs().stream()
                .filter(t -> "devicesTab".equals(t.getId())).findFirst()
                .ifPresent(t -> t.getTabPane().getSelectionModel().select(t)));

        long launch = System.nanoTime();
        onFx(() -> app.simulator().launch(new FleetSpec(devices, "bench-", FaultSettings.NONE, 1,
                Duration.ofSeconds(2), 2L * 1024 * 1024, separateProcess), () -> { }, System.out::println));
        String online = String.format(Locale.ROOT, "Simulator: %,d devices, %,d online", devices, devices);
        await("the fleet online", Duration.ofMinutes(20), () -> onFxValue(() ->
                label(stage[0], "#fleetStatusLabel").equals(online)));
        System.out.printf(Locale.ROOT, "%d devices online after %d ms%n", devices, ms(launch));
        await("every device in the list", Duration.ofMinutes(2), () -> onFxValue(() -> rows(stage[0]).size() == devices
                && rows(stage[0]).stream().allMatch(r -> r.connectionStateProperty().get().equals("Connected"))));

        // sorted by device id is the table's default (every list event then costs the table a re-sort step);
        // "unsorted" shows rows in the hub's order, as a baseline
        onFx(() -> {
            @SuppressWarnings("unchecked")
            TableView<DeviceRow> table = (TableView<DeviceRow>) stage[0].getScene().lookup("#deviceTable");
            if (sorted) {
                table.getSortOrder().setAll(java.util.List.of(table.getColumns().get(0)));
            } else {
                table.getSortOrder().clear();
            }
        });
        PulseGaps gaps = new PulseGaps();
        onFx(gaps::start);
        Thread watchdog = gaps.watchdog(onFxValue(Thread::currentThread));
        FxStackSampler sampler = new FxStackSampler(onFxValue(Thread::currentThread), System.nanoTime(), 3);
        if (Boolean.getBoolean("bench.sampleFx")) {
            sampler.start();
        }
        long click = System.nanoTime();
        onFx(() -> {
            OperationsViewModel operations = app.operations();
            operations.targetModeProperty().set(OperationsViewModel.TargetMode.QUERY);
            operations.start(OperationRequest.firmwareUpdate(firmware.toUri().toString(), sha, "2.0.0"));
        });
        java.util.concurrent.ScheduledExecutorService printer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        printer.scheduleAtFixedRate(() -> System.out.println(onFxValue(() -> app.progressPanel().operations().isEmpty()
                ? "" : String.format(Locale.ROOT, "%6d ms  %s  |  %s", ms(click),
                app.progressPanel().operations().get(0).countsTextProperty().get(),
                app.progressPanel().operations().get(0).phasesTextProperty().get()))), 2, 2, TimeUnit.SECONDS);
        await("every row final", Duration.ofMinutes(20), () -> onFxValue(() -> rows(stage[0]).stream()
                .allMatch(r -> r.operationOutcomeProperty().get().equals("succeeded")
                        || r.operationOutcomeProperty().get().equals("failed"))));
        long clickToFinal = ms(click);
        printer.shutdownNow();
        onFx(gaps::stop);
        watchdog.interrupt();
        long succeeded = onFxValue(() -> rows(stage[0]).stream()
                .filter(r -> r.operationOutcomeProperty().get().equals("succeeded")).count());

        System.out.printf(Locale.ROOT, "devices=%d tableSortedById=%b fleet=%s clickToAllRowsFinalMs=%d succeeded=%d%n",
                devices, sorted, separateProcess ? "separate process (nice 19)" : "in the console's process",
                clickToFinal, succeeded);
        System.out.println(gaps.report());
        if (Boolean.getBoolean("bench.sampleFx")) {
            sampler.interrupt();
            System.out.println("Where the FX thread's time went (-Dbench.sampleFx=true):\n" + sampler.top(45));
        }
        compareProgressQueries(app, onFxValue(() -> rows(stage[0]).stream().map(DeviceRow::deviceId).toList()));
        System.out.printf(Locale.ROOT, "heapUsedMb=%d threads=%d%n",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20,
                ManagementFactory.getThreadMXBean().getThreadCount());
        onFx(() -> {
            try {
                app.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Platform.exit();
        System.exit(0);
    }

    /**
     * One progress round over every device (chunks of 100 ids), as the console queries it (projected) and, as the
     * baseline in the same run, as whole twins ({@code SELECT *}): time and bytes per round, five rounds each,
     * alternating.
     */
    private static void compareProgressQueries(TwinOpsApp app, java.util.List<String> ids) throws Exception {
        dev.twinops.hub.HubConnectionInfo info = app.localHub().connectionInfo();
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        var connection = new dev.twinops.console.connection.HubConnector(timer).connectLocal("bench",
                info.serviceEndpoint(), info.serviceConnectionString());
        String projected = dev.twinops.console.progress.TwinQueryProgressReader.PROJECTION;
        long[][] results = new long[2][2];
        for (int round = 0; round < 6; round++) {
            for (int kind = 0; kind < 2; kind++) {
                long started = System.nanoTime();
                long bytes = 0;
                for (int from = 0; from < ids.size(); from += 100) {
                    String condition = dev.twinops.console.operations.DeviceTargets.inCondition(
                            ids.subList(from, Math.min(ids.size(), from + 100)));
                    var options = com.microsoft.azure.sdk.iot.service.query.QueryPageOptions.builder().pageSize(1000).build();
                    var response = connection.queries().queryRaw(
                            (kind == 0 ? projected : "SELECT * FROM devices WHERE ") + condition, options);
                    while (response.hasNext()) {
                        bytes += response.next(options).length();
                    }
                }
                if (round > 0) { // the first round warms up
                    results[kind][0] += System.nanoTime() - started;
                    results[kind][1] += bytes;
                }
            }
        }
        System.out.printf(Locale.ROOT, "progress round over %d devices (mean of 5): projected %.1f ms %d KB; "
                        + "baseline whole twins %.1f ms %d KB%n", ids.size(), results[0][0] / 5e6,
                results[0][1] / 5 / 1024, results[1][0] / 5e6, results[1][1] / 5 / 1024);
        connection.close();
        timer.shutdownNow();
    }

    /**
     * Gaps between FX pulses, measured on the FX thread by an animation timer (which makes every frame pulse), and
     * the FX thread's own CPU time within each gap: a long gap with little CPU time is the thread waiting for a core
     * (a loaded machine), a long gap full of CPU time is work the console did on the FX thread.
     */
    static final class PulseGaps extends AnimationTimer {
        private final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private long[] gaps = new long[1 << 16];
        private long[] cpu = new long[1 << 16];
        private int count;
        private long last;
        /** When the gap with the most FX CPU so far ended (nanoTime), to tell which phase it belongs to. */
        private long mostCpuEndedAt;
        private long mostCpu;
        private long lastCpu;
        /** The last pulse's time, for the stall watchdog on another thread. */
        private volatile long lastPulse = System.nanoTime();

        @Override
        public void handle(long now) {
            long cpuNow = threads.getCurrentThreadCpuTime();
            if (last != 0) {
                if (count == gaps.length) {
                    gaps = Arrays.copyOf(gaps, count * 2);
                    cpu = Arrays.copyOf(cpu, count * 2);
                }
                gaps[count] = now - last;
                cpu[count] = cpuNow - lastCpu;
                if (count == 0 || cpu[count] > mostCpu) {
                    mostCpu = cpu[count];
                    mostCpuEndedAt = System.nanoTime();
                }
                count++;
            }
            last = now;
            lastCpu = cpuNow;
            lastPulse = System.nanoTime();
        }

        /**
         * Watches from another thread: when no pulse came for 500 ms it prints, once per stall, what the FX thread is
         * doing, how many threads are runnable and the GC time so far: a stall spent RUNNABLE among thousands of runnable
         * threads is a thread waiting for a core, a BLOCKED or WAITING one is the console's own doing.
         */
        Thread watchdog(Thread fx) {
            Thread watch = new Thread(() -> {
                long reported = 0;
                while (!Thread.currentThread().isInterrupted()) {
                    long since = lastPulse;
                    if (System.nanoTime() - since > 500_000_000L && since != reported) {
                        reported = since;
                        StackTraceElement[] stack = fx.getStackTrace();
                        long runnable = Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds(), 0))
                                .filter(t -> t != null && t.getThreadState() == Thread.State.RUNNABLE).count();
                        long gcMs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
                        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                                "stall > 500 ms: FX thread %s, %d runnable threads, GC so far %d ms, at%n",
                                fx.getState(), runnable, gcMs));
                        for (int i = 0; i < Math.min(12, stack.length); i++) {
                            sb.append("    ").append(stack[i]).append(System.lineSeparator());
                        }
                        System.out.print(sb);
                    }
                    try {
                        TimeUnit.MILLISECONDS.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fx-stall-watchdog");
            watch.setDaemon(true);
            watch.start();
            return watch;
        }

        String report() {
            long[] sorted = Arrays.copyOf(gaps, count);
            Arrays.sort(sorted);
            long over100 = Arrays.stream(sorted).filter(g -> g > 100_000_000L).count();
            long[] cpuSorted = Arrays.copyOf(cpu, count);
            Arrays.sort(cpuSorted);
            int worst = 0;
            for (int i = 1; i < count; i++) {
                if (gaps[i] > gaps[worst]) {
                    worst = i;
                }
            }
            return String.format(Locale.ROOT, "pulses=%d gapMs p50=%.1f p99=%.1f p999=%.1f max=%.1f over100ms=%d%n"
                            + "fxCpuPerGapMs p50=%.1f p99=%.1f max=%.1f overHundredMs=%d; the longest gap had %.1f ms of FX CPU",
                    count, pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 0.999),
                    count == 0 ? 0 : sorted[count - 1] / 1e6, over100, pct(cpuSorted, 0.5), pct(cpuSorted, 0.99),
                    count == 0 ? 0 : cpuSorted[count - 1] / 1e6,
                    Arrays.stream(cpuSorted).filter(c -> c > 100_000_000L).count(), count == 0 ? 0 : cpu[worst] / 1e6);
        }

        /** The longest gap between two pulses so far (ms). */
        double maxGapMillis() {
            return Arrays.stream(gaps, 0, count).max().orElse(0) / 1e6;
        }

        /** When the gap with the most FX CPU ended (nanoTime). */
        long mostCpuEndedAt() {
            return mostCpuEndedAt;
        }

        /** The most FX thread CPU time within one gap so far (ms). */
        double maxCpuMillis() {
            return Arrays.stream(cpu, 0, count).max().orElse(0) / 1e6;
        }

        private static double pct(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
        }
    }

    @SuppressWarnings("unchecked")
    private static java.util.List<DeviceRow> rows(Stage stage) {
        return ((TableView<DeviceRow>) stage.getScene().lookup("#deviceTable")).getItems();
    }

    private static String label(Stage stage, String id) {
        Label label = (Label) stage.getScene().lookup(id);
        return label == null || label.getText() == null ? "" : label.getText();
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(100); // a benchmark main polls; tests use Awaitility
        }
    }

    private static void onFx(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(1, TimeUnit.MINUTES);
    }

    private static <T> T onFxValue(java.util.concurrent.Callable<T> read) {
        CompletableFuture<T> value = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                value.complete(read.call());
            } catch (Throwable t) {
                value.completeExceptionally(t);
            }
        });
        return value.join();
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
