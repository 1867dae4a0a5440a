package dev.twinops.simulator.bench;

import dev.twinops.hub.HubConfig;
import dev.twinops.hub.LocalHub;
import dev.twinops.simulator.fleet.FleetConfig;
import dev.twinops.simulator.fleet.FleetSummary;
import dev.twinops.simulator.fleet.HubTarget;
import dev.twinops.simulator.fleet.SimulatedFleet;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Measures how long a fleet takes until every device is connected and has reported its state, and what it costs
 * in threads and heap. By default the local hub runs in the same JVM (its threads are counted separately).
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -q -o install -DskipTests -pl device-simulator -am
 * mvn -B -q -o -pl device-simulator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/sim-cp.txt
 * java -Dlogback.configurationFile=dev/twinops/simulator/cli/logback-cli.xml \
 *     -cp device-simulator/target/test-classes:device-simulator/target/classes:$(cat /tmp/sim-cp.txt) \
 *     dev.twinops.simulator.bench.FleetBenchmark [count=1000] [parallelism=16] [hubDataDir=fresh temp dir]
 * </pre>
 * Run it twice with the same data directory to measure a fleet whose devices are already registered (the second
 * run only connects). The hub runs in the same JVM on 127.77.0.1; its threads are counted separately.
 */
public final class FleetBenchmark {

    private FleetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path data = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("fleet-bench");
        LocalHub hub = LocalHub.start(HubConfig.builder().dataDirectory(data).bindAddress("127.77.0.1").build());
        var info = hub.connectionInfo();
        HubTarget target = HubTarget.local(info.hostName(), info.serviceEndpoint(), info.serviceConnectionString(),
                info.caCertificatePath());
        String prefix = "bench-";
        FleetConfig config = FleetConfig.builder(target).count(count).prefix(prefix).parallelism(parallelism)
                .bootTime(Duration.ofSeconds(5)).build();
        long start = System.nanoTime();
        SimulatedFleet fleet = SimulatedFleet.start(config);
        try {
            FleetSummary online = fleet.allOnline().get(15, TimeUnit.MINUTES);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("devices=%d parallelism=%d allOnlineMs=%d (%s)%n", count, parallelism, elapsedMs, online);
            // let connections settle, then measure steady state
            Thread.sleep(5_000);
            report("steady state, " + count + " devices online");
        } finally {
            long closing = System.nanoTime();
            fleet.close();
            System.out.printf("fleet closed in %d ms%n", (System.nanoTime() - closing) / 1_000_000);
            hub.close();
        }
        System.exit(0);
    }

    private static void report(String label) {
        var threads = ManagementFactory.getThreadMXBean();
        Map<String, Integer> byKind = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            byKind.merge(kind(t.getName()), 1, Integer::sum);
        }
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        System.out.printf("%s: liveThreads=%d peakThreads=%d byKind=%s heapUsedAfterGcMB=%d heapCommittedMB=%d rssMB=%d%n",
                label, threads.getThreadCount(), threads.getPeakThreadCount(), byKind,
                heap.getUsed() / (1024 * 1024), heap.getCommitted() / (1024 * 1024), rssMb());
    }

    private static String kind(String name) {
        if (name.startsWith("sim-")) {
            return "simulator";
        }
        if (name.startsWith("hub-")) {
            return "hub";
        }
        if (name.contains("azure-iot-sdk") || name.startsWith("MQTT")) {
            return "device-sdk";
        }
        return "other";
    }

    private static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
