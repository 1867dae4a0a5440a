package dev.twinops.rollout.bench;

import com.azure.core.credential.AzureSasCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import com.microsoft.azure.sdk.iot.service.jobs.DirectMethodsJobOptions;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import dev.twinops.rollout.e2e.LocalRehearsal;
import dev.twinops.rollout.json.RolloutJson;
import dev.twinops.rollout.plan.OperationSpec;
import dev.twinops.simulator.device.ConnectionState;
import dev.twinops.simulator.device.DeviceObserver;
import dev.twinops.simulator.device.SimulatedDevice;
import dev.twinops.simulator.fleet.FleetConfig;
import dev.twinops.simulator.fleet.SimulatedFleet;
import java.lang.management.GarbageCollectorMXBean;
import java.security.MessageDigest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import dev.twinops.simulator.firmware.DownloadPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;

/**
 * A firmware update of N simulated devices through one scheduled job, click (the job's creation asked for) to every
 * device reporting {@code current}, next to its floor measured in the same run on the same hub and fleet: every
 * device power-cycled at once (dropped, off for its boot time, connected again with its state reported), plus one
 * download of the image at the fleet's bandwidth and the device's stated verify-and-apply time. That floor is what an
 * update cannot avoid; the ratio says what the job, the downloads in parallel and the reports in between add. The
 * floor is taken before and after the update (the machine's load moves); the ratio is against their mean.
 *
 * <p>The update's phases, from each device's own events (its observer, in this JVM): fan-out (first to last device
 * accepting the method), download (downloading to verifying), rebooting reported to off, off to connecting (the boot
 * time), connecting to online (the SDK's new client: TLS, CONNECT with its SAS token, subscriptions, twin GET, the
 * boot's report), online to {@code current} reported. The hub and the fleet share this JVM, as in {@link
 * FleetRolloutBenchmark}; run it with {@code -XX:StartFlightRecording} to see both sides of a reconnect. Not a unit
 * test; run as
 * <pre>
 * java -cp $CP dev.twinops.rollout.bench.FirmwareUpdateFloorBenchmark [devices=300] [file|http] [parallelism=16]
 * </pre>
 * (parallelism: connections the fleet opens at once, for the update's reboots and the power cycles alike)
 */
public final class FirmwareUpdateFloorBenchmark {

    private static final String PREFIX = "u-";
    private static final int PACKAGE_BYTES = 64 * 1024; // LocalRehearsal's image
    private static final long BANDWIDTH = 512 * 1024;   // LocalRehearsal's fleet
    private static final Duration APPLY = Duration.ofMillis(300);
    private static final Duration BOOT = Duration.ofMillis(500);

    private FirmwareUpdateFloorBenchmark() {
    }

    /**
     * CPU over a phase: the whole process, the hub's own threads (named {@code hub-}), and garbage collection. The
     * rest is the fleet (the device SDK's threads, which end with their clients, and the simulator's) and the JIT.
     * Also the threads started (the device SDK starts a dozen a connection and one a twin answer, and with
     * thousands alive each start and end costs the JVM work in proportion to them) and the reported-properties
     * patches the hub applied (each device's reported {@code $version}).
     */
    static final class Cpu {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final LocalRehearsal stage;
        private final long reported;
        private final long process;
        private final long hub;
        private final long gc;
        private final long started;
        private final long wall;

        /** Queries the twins first, so the query's own CPU is not counted. */
        Cpu(LocalRehearsal stage) throws Exception {
            this.stage = stage;
            this.reported = reportedPatches(stage);
            this.process = processCpu();
            this.hub = hubCpu();
            this.gc = gcMillis();
            this.started = threads.getTotalStartedThreadCount();
            this.wall = System.nanoTime();
        }

        String since(int devices) throws Exception {
            double p = (processCpu() - process) / 1e9;
            // cores busy on average: well under all of them means the phase waited (a connect's Paho start-up)
            double busy = p / ((System.nanoTime() - wall) / 1e9);
            double h = (hubCpu() - hub) / 1e9;
            double g = (gcMillis() - gc) / 1e3;
            double t = (double) (threads.getTotalStartedThreadCount() - started) / devices;
            double r = (double) (reportedPatches(stage) - reported) / devices; // after the CPU figures
            return String.format(Locale.ROOT, "CPU %.1f s (%.1f ms a device; %.1f of %d cores busy): hub threads %.1f s "
                    + "(%.1f ms a device), GC %.1f s, the rest (fleet, SDK, JIT) %.1f s; a device: %.1f threads started, "
                    + "%.1f reported patches applied", p, 1000 * p / devices, busy,
                    Runtime.getRuntime().availableProcessors(), h, 1000 * h / devices, g, p - h, t, r);
        }

        /** The sum of the fleet's reported versions: one a patch the hub applied. */
        private static long reportedPatches(LocalRehearsal stage) throws Exception {
            long sum = 0;
            for (JsonNode twin : stage.query("SELECT * FROM devices WHERE STARTSWITH(deviceId, '" + PREFIX + "')")) {
                sum += twin.path("properties").path("reported").path("$version").asLong();
            }
            return sum;
        }

        private long hubCpu() {
            long sum = 0;
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().startsWith("hub-")) {
                    long t = threads.getThreadCpuTime(info.getThreadId());
                    sum += Math.max(0, t);
                }
            }
            return sum;
        }

        private static long processCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        private static long gcMillis() {
            long sum = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                sum += Math.max(0, gc.getCollectionTime());
            }
            return sum;
        }
    }

    /** Per device, nanoTime of each event of the update (0 until seen). */
    static final class Times {
        volatile long accepted;
        volatile long downloading;
        volatile long verifying;
        volatile long rebooting;
        volatile long off;
        volatile long connecting;
        volatile long online;
        volatile long current;
    }

    /** Records the update's events; idle during the floor. */
    static final class Recorder implements DeviceObserver {
        final Map<String, Times> times = new ConcurrentHashMap<>();
        volatile boolean recording;

        @Override
        public void onStateChanged(String deviceId, ConnectionState state, boolean busy) {
            if (!recording) {
                return;
            }
            long now = System.nanoTime();
            Times t = times.computeIfAbsent(deviceId, id -> new Times());
            if (busy && t.accepted == 0) {
                t.accepted = now;
            }
            // from verifying on: the reboot's power cut can be seen before the rebooting report's acknowledgement
            if (t.verifying != 0) {
                if (state == ConnectionState.OFFLINE && t.off == 0) {
                    t.off = now;
                } else if (state == ConnectionState.CONNECTING && t.connecting == 0) {
                    t.connecting = now;
                } else if (state == ConnectionState.ONLINE && t.connecting != 0 && t.online == 0) {
                    t.online = now;
                }
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onReported(String deviceId, Map<String, Object> patch) {
            if (!recording || !(patch.get("iothubDM") instanceof Map<?, ?> dm)
                    || !(dm.get("firmwareUpdate") instanceof Map<?, ?> fw)) {
                return;
            }
            long now = System.nanoTime();
            Times t = times.computeIfAbsent(deviceId, id -> new Times());
            switch (String.valueOf(fw.get("status"))) {
                case "downloading" -> t.downloading = t.downloading == 0 ? now : t.downloading;
                case "verifying" -> t.verifying = now;
                case "rebooting" -> t.rebooting = now;
                case "current" -> t.current = now;
                default -> { }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        boolean overHttp = args.length > 1 && args[1].equals("http");
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 16; // LocalRehearsal's fleet
        Path dir = Files.createTempDirectory("firmware-floor-benchmark");
        Recorder recorder = new Recorder();
        try (LocalRehearsal stage = new LocalRehearsal(dir.resolve("hub"))) {
            long t0 = System.nanoTime();
            FleetConfig.Builder builder = stage.fleet(PREFIX, devices).seed(1).bootTime(BOOT).applyTime(APPLY)
                    .deviceObserver(recorder).parallelism(parallelism);
            Image image = overHttp ? new Image(stage.firmwareUri(), stage.firmwareSha256) : Image.staged(dir, builder);
            FleetConfig config = builder.build();
            System.out.println("image: " + (overHttp ? "the stage's http server" : "a file, as the console stages it")
                    + "; " + parallelism + " connections opened at once");
            try (SimulatedFleet fleet = SimulatedFleet.start(config)) {
                fleet.allOnline().get(15, TimeUnit.MINUTES);
                System.out.printf(Locale.ROOT, "%d devices online in %.1f s; load average %.2f%n", devices,
                        seconds(System.nanoTime() - t0), load());
                double oneDownload = (double) PACKAGE_BYTES / BANDWIDTH;
                double floor1 = reconnectStorm(stage, fleet);
                double update = update(stage, fleet, recorder, image);
                awaitIdle(fleet);
                double floor2 = reconnectStorm(stage, fleet);
                double storm = (floor1 + floor2) / 2;
                double floor = storm + oneDownload + APPLY.toMillis() / 1000.0;
                System.out.printf(Locale.ROOT, "floor: reconnect storm %.1f s and %.1f s (mean %.1f s) + one download "
                                + "%.3f s + apply %.1f s = %.1f s%n", floor1, floor2, storm, oneDownload,
                        APPLY.toMillis() / 1000.0, floor);
                System.out.printf(Locale.ROOT, "firmware update %.1f s = %.2fx the floor; load average at the end "
                        + "%.2f%n", update, update / floor, load());
            }
        }
        System.exit(0);
    }

    /** Every device power-cycled at once; seconds until the last is online again with its state reported. */
    private static double reconnectStorm(LocalRehearsal stage, SimulatedFleet fleet) throws Exception {
        List<SimulatedDevice> all = new ArrayList<>();
        for (String id : fleet.deviceIds()) {
            all.add(fleet.device(id).orElseThrow());
        }
        Cpu cpu = new Cpu(stage);
        long start = System.nanoTime();
        long[] back = new long[all.size()];
        CompletableFuture<?>[] cycles = new CompletableFuture<?>[all.size()];
        for (int i = 0; i < all.size(); i++) {
            int index = i;
            cycles[i] = all.get(i).powerCycle(BOOT).thenRun(() -> back[index] = System.nanoTime() - start);
        }
        CompletableFuture.allOf(cycles).get(15, TimeUnit.MINUTES);
        double total = seconds(System.nanoTime() - start);
        System.out.printf(Locale.ROOT, "reconnect storm: %d devices off for %d ms and back online in %.1f s "
                + "(each: %s); load average %.2f%n  %s%n", all.size(), BOOT.toMillis(), total, spread(back), load(),
                cpu.since(all.size()));
        return total;
    }

    /** The package the update installs: where the devices read it and its SHA-256. */
    record Image(String uri, String sha256) {
        /** A file in a directory the fleet may read, as the console's firmware dialog stages a package. */
        static Image staged(Path dir, FleetConfig.Builder fleet) throws Exception {
            Path firmware = Files.createDirectories(dir.resolve("firmware"));
            byte[] bytes = new byte[PACKAGE_BYTES];
            new Random(7).nextBytes(bytes);
            Path file = Files.write(firmware.resolve("image.bin"), bytes);
            fleet.downloadPolicy(DownloadPolicy.of(List.of(firmware.toString()),
                    DownloadPolicy.DEFAULT_MAX_PACKAGE_BYTES));
            return new Image(file.toUri().toString(), HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
    }

    private static double update(LocalRehearsal stage, SimulatedFleet fleet, Recorder recorder, Image image)
            throws Exception {
        AzureSasCredential credential = new AzureSasCredential(new IotHubServiceSasToken(
                IotHubConnectionStringBuilder.createIotHubConnectionString(stage.info.serviceConnectionString()))
                .toString());
        ScheduledJobsClient jobs = new ScheduledJobsClient(stage.info.serviceEndpoint(), credential);
        OperationSpec op = OperationSpec.firmwareUpdate(image.uri(), "2.0.0", image.sha256());
        // a warm process, as a console is by the time its operator clicks: one device through the whole path first
        // (job, method, download, reboot), to another version
        String first = fleet.deviceIds().get(0);
        OperationSpec warmUp = OperationSpec.firmwareUpdate(image.uri(), "1.9.0", image.sha256());
        jobs.scheduleDirectMethod("warm-up", "deviceId = '" + first + "'", warmUp.wireMethodName(), new Date(),
                DirectMethodsJobOptions.builder()
                        .payload(RolloutJson.mapper().convertValue(warmUp.payloadFor("warm-up-1"), Object.class))
                        .methodResponseTimeoutSeconds(30).methodConnectTimeoutSeconds(0).maxExecutionTimeSeconds(120)
                        .build());
        SimulatedDevice warm = fleet.device(first).orElseThrow();
        long warmDeadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < warmDeadline && !("1.9.0".equals(warm.firmwareVersion()) && !warm.isBusy()
                && warm.connectionState() == ConnectionState.ONLINE)) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        recorder.times.clear();
        recorder.recording = true;
        int n = fleet.deviceIds().size();
        Cpu cpu = new Cpu(stage);
        long click = System.nanoTime();
        ScheduledJob job = jobs.scheduleDirectMethod("update-all", "STARTSWITH(deviceId, '" + PREFIX + "')",
                op.wireMethodName(), new Date(), DirectMethodsJobOptions.builder()
                        .payload(RolloutJson.mapper().convertValue(op.payloadFor("update-1"), Object.class))
                        .methodResponseTimeoutSeconds(30).methodConnectTimeoutSeconds(0)
                        .maxExecutionTimeSeconds(600).build());
        long created = System.nanoTime();
        long deadline = click + Duration.ofMinutes(15).toNanos();
        while (currentCount(recorder) < n && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // polls its own counters
        }
        recorder.recording = false;
        long end = recorder.times.values().stream().mapToLong(t -> t.current).max().orElse(0);
        int current = currentCount(recorder);
        ScheduledJob done = jobs.get(job.getJobId());
        List<Times> all = new ArrayList<>(recorder.times.values());
        System.out.println("  " + cpu.since(n));
        System.out.printf(Locale.ROOT, "firmware update: %d of %d current, click to all current %.1f s (job created "
                        + "in %.2f s; job %s, %s)%n", current, n, seconds(end - click), seconds(created - click),
                done.getJobStatus(), done.getOutcomeResult() == null ? "" : done.getOutcomeResult());
        System.out.printf(Locale.ROOT, "  fan-out, first to last device accepting the method: %.1f s (first %.2f s "
                + "after the click)%n", span(all, t -> t.accepted), seconds(min(all, t -> t.accepted) - click));
        System.out.printf(Locale.ROOT, "  downloads, first start to last end: %.1f s; each downloading -> verifying: "
                + "%s%n", seconds(max(all, t -> t.verifying) - min(all, t -> t.downloading)),
                each(all, t -> t.downloading, t -> t.verifying));
        System.out.printf(Locale.ROOT, "  rebooting reported -> off: %s%n", each(all, t -> t.rebooting, t -> t.off));
        System.out.printf(Locale.ROOT, "  off -> connecting (boot %d ms): %s%n", BOOT.toMillis(),
                each(all, t -> t.off, t -> t.connecting));
        System.out.printf(Locale.ROOT, "  connecting -> online (new client, twin, boot report): %s%n",
                each(all, t -> t.connecting, t -> t.online));
        System.out.printf(Locale.ROOT, "  online -> current reported: %s%n", each(all, t -> t.online, t -> t.current));
        System.out.printf(Locale.ROOT, "  first rebooting to last online: %.1f s; last accepted to last current: "
                        + "%.1f s%n", seconds(max(all, t -> t.online) - min(all, t -> t.rebooting)),
                seconds(end - max(all, t -> t.accepted)));
        return seconds(end - click);
    }

    private static int currentCount(Recorder recorder) {
        return (int) recorder.times.values().stream().filter(t -> t.current != 0).count();
    }

    /** Waits (bounded) for every device to finish its operation and be online. */
    private static void awaitIdle(SimulatedFleet fleet) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline && fleet.deviceIds().stream().map(id -> fleet.device(id).orElseThrow())
                .anyMatch(d -> d.isBusy() || d.connectionState() != ConnectionState.ONLINE)) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static String each(List<Times> all, ToLongFunction<Times> from, ToLongFunction<Times> to) {
        long[] d = all.stream().filter(t -> from.applyAsLong(t) != 0 && to.applyAsLong(t) != 0)
                .mapToLong(t -> to.applyAsLong(t) - from.applyAsLong(t)).toArray();
        return spread(d);
    }

    private static String spread(long[] nanos) {
        if (nanos.length == 0) {
            return "none";
        }
        long[] d = nanos.clone();
        Arrays.sort(d);
        return String.format(Locale.ROOT, "p50 %.2f / p90 %.2f / max %.2f s over %d", seconds(d[d.length / 2]),
                seconds(d[(int) (d.length * 0.9)]), seconds(d[d.length - 1]), d.length);
    }

    private static double span(List<Times> all, ToLongFunction<Times> f) {
        return seconds(max(all, f) - min(all, f));
    }

    private static long min(List<Times> all, ToLongFunction<Times> f) {
        return all.stream().mapToLong(f).filter(v -> v != 0).min().orElse(0);
    }

    private static long max(List<Times> all, ToLongFunction<Times> f) {
        return all.stream().mapToLong(f).filter(v -> v != 0).max().orElse(0);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
