package dev.twinops.hub.query;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Measures query execution over a generated fleet of realistic service twins, next to a hand-written Java
 * predicate over the same documents (the floor for any interpreter). Not a unit test: run it as a main, e.g.
 * <pre>
 * mvn -B -q -o test-compile -pl hub-emulator
 * mvn -B -q -o dependency:build-classpath -pl hub-emulator -Dmdep.outputFile=/tmp/hub-cp.txt
 * java -Xmx4g -cp hub-emulator/target/test-classes:hub-emulator/target/classes:$(cat /tmp/hub-cp.txt) \
 *     dev.twinops.hub.query.TwinQueryBenchmark [twins=100000] [runs=25]
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

    public static void main(String[] args) {
        int twins = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        List<JsonNode> fleet = fleet(twins, new Random(42));
        System.out.printf(Locale.ROOT, "%,d twins generated (%s, %d cores, load average %.1f), %d timed runs each%n",
                fleet.size(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                runs);

        String filtered = "SELECT * FROM devices WHERE tags.site = 'plant-7' AND properties.reported.firmwareVersion != '2.0.0'";
        TwinQuery filteredQuery = TwinQuery.parse(filtered);
        measure("query:    " + filtered, runs, () -> filteredQuery.execute(fleet).size());
        measure("baseline: hand-written Java predicate, same filter", runs, () -> {
            int matches = 0;
            for (JsonNode twin : fleet) {
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

    /** Twins shaped as the hub stores them: tags, desired/reported with $metadata and $version. */
    static List<JsonNode> fleet(int count, Random random) {
        List<JsonNode> fleet = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String updated = String.format(Locale.ROOT, "2026-03-%02dT%02d:%02d:%02d.%07dZ", 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(10_000_000));
            ObjectNode twin = JSON.createObjectNode();
            twin.put("deviceId", deviceId(i));
            twin.put("etag", "AAAAAAAAAA" + (char) ('A' + random.nextInt(26)) + "=");
            twin.put("version", 3 + random.nextInt(200));
            twin.put("status", random.nextInt(50) == 0 ? "disabled" : "enabled");
            twin.put("statusUpdateTime", "0001-01-01T00:00:00Z");
            twin.put("connectionState", random.nextInt(10) < 8 ? "Connected" : "Disconnected");
            twin.put("lastActivityTime", updated);
            twin.put("cloudToDeviceMessageCount", 0);
            twin.put("authenticationType", "sas");
            twin.putObject("x509Thumbprint").putNull("primaryThumbprint").putNull("secondaryThumbprint");
            twin.putObject("capabilities").put("iotEdge", false);

            ObjectNode tags = twin.putObject("tags");
            tags.put("site", "plant-" + random.nextInt(50));
            tags.put("region", REGIONS[random.nextInt(REGIONS.length)]);
            tags.put("deviceType", TYPES[i % TYPES.length]);
            tags.putObject("location").put("building", "B" + random.nextInt(20)).put("floor", random.nextInt(6));

            ObjectNode properties = twin.putObject("properties");
            ObjectNode desired = properties.putObject("desired");
            desired.put("telemetryInterval", 10 * (1 + random.nextInt(6)));
            desired.putObject("firmware").put("version", "2.0.0").put("packageUri", "https://updates.example.com/fw/2.0.0.bin");
            ObjectNode desiredMetadata = desired.putObject("$metadata");
            desiredMetadata.put("$lastUpdated", updated);
            desiredMetadata.putObject("telemetryInterval").put("$lastUpdated", updated).put("$lastUpdatedVersion", 2);
            desiredMetadata.putObject("firmware").put("$lastUpdated", updated).put("$lastUpdatedVersion", 3);
            desired.put("$version", 3);

            ObjectNode reported = properties.putObject("reported");
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
            ObjectNode reportedMetadata = reported.putObject("$metadata");
            reportedMetadata.put("$lastUpdated", updated);
            for (String name : List.of("firmwareVersion", "temperature", "telemetryInterval")) {
                reportedMetadata.putObject(name).put("$lastUpdated", updated).put("$lastUpdatedVersion", 17);
            }
            reported.put("$version", 17 + random.nextInt(500));
            fleet.add(twin);
        }
        return fleet;
    }
}
