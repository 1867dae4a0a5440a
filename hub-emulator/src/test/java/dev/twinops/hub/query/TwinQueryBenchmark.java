package dev.twinops.hub.query;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.twinops.hub.state.DeviceIdentity;
import dev.twinops.hub.state.DeviceStatus;
import dev.twinops.hub.state.HubState;
import dev.twinops.hub.state.ImportMode;
import dev.twinops.hub.state.RegistryOperation;

/**
 * Measures query execution over a fleet of realistic twins as the hub holds them, next to a hand-written Java
 * predicate over the same documents (the floor for any interpreter). The twins are written through the hub's own
 * state API (device created, a service patch with tags and desired properties, a reported patch, so each carries
 * the metadata the hub stamps), the state is closed and reopened as a restarted hub would load it, 80% of the
 * devices are marked connected, and every query runs over {@link HubState#twins()}. The data directory is kept
 * and reused when it already holds the same fleet, so a second run skips the writing. Not a unit test: run it as
 * a main, e.g.
 * <pre>
 * mvn -B -q -o test-compile -pl hub-emulator -am
 * mvn -B -q -o dependency:build-classpath -pl hub-emulator -Dmdep.outputFile=/tmp/hub-cp.txt
 * java -Xmx4g -cp hub-emulator/target/test-classes:hub-emulator/target/classes:iothub-limits/target/classes:$(cat /tmp/hub-cp.txt) \
 *     dev.twinops.hub.query.TwinQueryBenchmark [twins=100000] [runs=25] [dataDir=hub-emulator/target/query-benchmark]
 * </pre>
 */
public final class TwinQueryBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String[] FIRMWARE = {"1.4.2", "1.9.0", "2.0.0", "2.0.0", "2.0.0"};
    private static final String[] UPDATE_STATUS = {"current", "current", "current", "downloading", "applying", "error"};
    private static final String[] TYPES = {"pump", "valve", "sensor", "meter"};
    private static final String[] REGIONS = {"eu-west", "eu-north", "us-east", "us-west", "ap-south"};

    private TwinQueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int twins = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Path dir = Paths.get(args.length > 2 ? args[2] : "hub-emulator/target/query-benchmark");
        try (HubState state = openFleet(dir, twins)) {
            run(state.twins(), twins, runs);
            // what the hub does before each query: take the snapshot the query then runs over
            measure("snapshot: HubState.twins()", runs, () -> state.twins().size());
        }
    }

    /** The state in {@code dir} holding the generated fleet (written first unless a previous run left it there). */
    private static HubState openFleet(Path dir, int twins) throws Exception {
        HubState state = Files.isDirectory(dir) ? HubState.open(dir) : null;
        if (state != null && state.registry().deviceCount() != twins) {
            state.close();
            deleteRecursively(dir);
            state = null;
        }
        if (state == null) {
            long started = System.nanoTime();
            Files.createDirectories(dir);
            try (HubState writing = HubState.open(dir)) {
                write(writing, twins, new Random(42));
            }
            System.out.printf(Locale.ROOT, "%,d twins written through HubState in %.1f s%n", twins,
                    (System.nanoTime() - started) / 1e9);
            state = HubState.open(dir);
        }
        // Connection state is not kept across a restart: devices reconnect, 80% of them here.
        Random random = new Random(7);
        for (int i = 0; i < twins; i++) {
            if (random.nextInt(10) < 8) {
                state.presence().connectionChanged(deviceId(i), true);
            }
        }
        return state;
    }

    private static void run(Collection<ObjectNode> fleet, int twins, int runs) {
        System.out.printf(Locale.ROOT, "%,d twins reopened from state.db (%s, %d cores, load average %.1f), %d timed runs each%n",
                fleet.size(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                runs);

        String filtered = "SELECT * FROM devices WHERE tags.site = 'plant-7' AND properties.reported.firmwareVersion != '2.0.0'";
        TwinQuery filteredQuery = TwinQuery.parse(filtered);
        measure("query:    " + filtered, runs, () -> filteredQuery.execute(fleet).size());
        measure("baseline: hand-written Java predicate, same filter", runs, () -> {
            int matches = 0;
            for (ObjectNode twin : fleet) {
                JsonNode site = twin.path("tags").path("site");
                if (site.isTextual() && site.textValue().equals("plant-7")) {
                    JsonNode firmware = twin.path("properties").path("reported").path("firmwareVersion");
                    if (firmware.isTextual() && !firmware.textValue().equals("2.0.0")) {
                        matches++;
                    }
                }
            }
            return matches;
        });

        String grouped = "SELECT properties.reported.firmwareVersion AS version, COUNT() AS n FROM devices"
                + " GROUP BY properties.reported.firmwareVersion";
        TwinQuery groupedQuery = TwinQuery.parse(grouped);
        measure("query:    " + grouped, runs, () -> groupedQuery.execute(fleet).size());

        String projected = "SELECT deviceId, properties.reported.iothubDM.firmwareUpdate.status AS updateStatus FROM devices"
                + " WHERE STARTSWITH(deviceId, 'pump-') AND properties.reported.temperature > 30"
                + " AND connectionState = 'Connected'";
        TwinQuery projectedQuery = TwinQuery.parse(projected);
        measure("query:    " + projected, runs, () -> projectedQuery.execute(fleet).size());

        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            ids.append(i == 0 ? "" : ", ").append('\'').append(deviceId(i * 97 % twins)).append('\'');
        }
        String inList = "SELECT * FROM devices WHERE deviceId IN [" + ids + "]";
        TwinQuery inListQuery = TwinQuery.parse(inList);
        measure("query:    SELECT * FROM devices WHERE deviceId IN [...500 ids...]", runs, () -> inListQuery.execute(fleet).size());

        measureParse(filtered, runs);
    }

    private static void measure(String label, int runs, Supplier<Integer> body) {
        int rows = 0;
        for (int i = 0; i < 15; i++) {
            rows = body.get();
        }
        double[] millis = new double[runs];
        double[] cpuMillis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            rows = body.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
            cpuMillis[i] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        }
        Arrays.sort(millis);
        Arrays.sort(cpuMillis);
        // Wall time suffers when other processes share the cores; thread CPU time much less so.
        System.out.printf(Locale.ROOT, "%-60.60s rows=%-5d wall median %7.2f ms min %7.2f ms | cpu median %7.2f ms min %7.2f ms%n",
                label, rows, millis[runs / 2], millis[0], cpuMillis[runs / 2], cpuMillis[0]);
    }

    private static void measureParse(String text, int runs) {
        int iterations = 10_000;
        for (int i = 0; i < iterations; i++) {
            TwinQuery.parse(text);
        }
        double[] micros = new double[runs];
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                TwinQuery.parse(text);
            }
            micros[r] = (System.nanoTime() - start) / 1e3 / iterations;
        }
        Arrays.sort(micros);
        System.out.printf(Locale.ROOT, "%-60.60s median %7.2f us  min %7.2f us%n", "parse+compile of the filtered query",
                micros[runs / 2], micros[0]);
    }

    private static String deviceId(int index) {
        return TYPES[index % TYPES.length] + "-" + String.format(Locale.ROOT, "%06d", index);
    }

    /**
     * Writes the fleet as devices and services would: the device, then tags and desired properties, then the
     * reported properties (the hub adds {@code $metadata} and {@code $version}); many writes in flight at once.
     */
    static void write(HubState state, int count, Random random) throws Exception {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int first = 0; first < count; first += 100) {
            List<RegistryOperation> devices = new ArrayList<>();
            for (int i = first; i < Math.min(count, first + 100); i++) {
                DeviceStatus status = random.nextInt(50) == 0 ? DeviceStatus.DISABLED : DeviceStatus.ENABLED;
                devices.add(new RegistryOperation(ImportMode.CREATE,
                        new DeviceIdentity(deviceId(i), null, null, status, null, null, null, null), null));
            }
            List<ObjectNode[]> patches = new ArrayList<>();
            for (int i = first; i < Math.min(count, first + 100); i++) {
                patches.add(new ObjectNode[] {servicePatch(i, random), reportedPatch(random)});
            }
            int from = first;
            writes.add(state.registry().apply(devices).thenCompose(refused -> {
                if (!refused.isEmpty()) {
                    throw new IllegalStateException("devices refused: " + refused);
                }
                List<CompletableFuture<?>> twinWrites = new ArrayList<>();
                for (int i = 0; i < patches.size(); i++) {
                    String id = deviceId(from + i);
                    ObjectNode reported = patches.get(i)[1];
                    twinWrites.add(state.patchTwin(id, patches.get(i)[0], null)
                            .thenCompose(twin -> state.patchReported(id, reported)));
                }
                return CompletableFuture.allOf(twinWrites.toArray(CompletableFuture[]::new));
            }));
            if (writes.size() == 50) {
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
                writes.clear();
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    }

    private static ObjectNode servicePatch(int i, Random random) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode tags = patch.putObject("tags");
        tags.put("site", "plant-" + random.nextInt(50));
        tags.put("region", REGIONS[random.nextInt(REGIONS.length)]);
        tags.put("deviceType", TYPES[i % TYPES.length]);
        tags.putObject("location").put("building", "B" + random.nextInt(20)).put("floor", random.nextInt(6));
        ObjectNode desired = patch.putObject("properties").putObject("desired");
        desired.put("telemetryInterval", 10 * (1 + random.nextInt(6)));
        desired.putObject("firmware").put("version", "2.0.0").put("packageUri", "https://updates.example.com/fw/2.0.0.bin");
        return patch;
    }

    private static ObjectNode reportedPatch(Random random) {
        String updated = String.format(Locale.ROOT, "2026-03-%02dT%02d:%02d:%02d.%07dZ", 1 + random.nextInt(28),
                random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(10_000_000));
        ObjectNode reported = JSON.createObjectNode();
        String firmware = FIRMWARE[random.nextInt(FIRMWARE.length)];
        if (random.nextInt(20) != 0) {
            reported.put("firmwareVersion", firmware); // some devices have not reported yet
        }
        reported.put("temperature", Math.round((15 + random.nextGaussian() * 10) * 100) / 100.0);
        reported.put("telemetryInterval", 10 * (1 + random.nextInt(6)));
        ObjectNode dm = reported.putObject("iothubDM");
        dm.putObject("firmwareUpdate").put("status", UPDATE_STATUS[random.nextInt(UPDATE_STATUS.length)])
                .put("progress", random.nextInt(101)).put("lastUpdated", updated);
        dm.putObject("reboot").put("lastReboot", updated);
        return reported;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
