package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.management.ObjectName;

import static dev.twinops.hub.state.StateTestSupport.json;

/**
 * Heap used by the in-memory copy of N realistic twins (tags, desired, reported with the device-management
 * {@code iothubDM} block, about 25 properties with their {@code $metadata}), after writing them and again after
 * reloading them from disk, plus the time to open the state and to take a {@code twins()} snapshot.
 *
 * <pre>
 * mvn -B -q -o -pl hub-emulator exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     -Dexec.args="-Xmx2g -cp %classpath dev.twinops.hub.state.HubStateMemoryBenchmark 100000 [dataDir] [histogram]"
 * </pre>
 * With {@code histogram} it prints the top of the heap's class histogram after writing and after reopening (what
 * {@code jcmd <pid> GC.class_histogram} shows), to see which objects the twins are made of.
 */
public final class HubStateMemoryBenchmark {

    public static void main(String[] args) throws Exception {
        int twins = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = args.length > 1 ? Paths.get(args[1]) : Paths.get("hub-emulator/target/state-memory-benchmark");
        if (!dir.toAbsolutePath().getParent().toFile().isDirectory()) {
            dir = Paths.get("target/state-memory-benchmark");
        }
        boolean histogram = args.length > 2 && args[2].equals("histogram");
        HubStateWriteBenchmark.deleteRecursively(dir);
        long baseline = usedHeapAfterGc();

        writeTwins(dir, twins, baseline, histogram);

        long beforeOpen = usedHeapAfterGc();
        long cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long started = System.nanoTime();
        HubState reopened = HubState.open(dir, Clock.systemUTC());
        double openSeconds = (System.nanoTime() - started) / 1e9;
        double openCpuSeconds = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore) / 1e9;
        long loaded = usedHeapAfterGc() - beforeOpen;
        System.out.printf(Locale.ROOT, "open (load %d twins from state.db): %.2f s (%.2f s CPU); heap %.0f MB (%.1f KB per twin)%n",
                twins, openSeconds, openCpuSeconds, loaded / 1e6, loaded / 1e3 / twins);
        if (histogram) {
            printHistogram();
        }
        for (int round = 0; round < 5; round++) {
            cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            started = System.nanoTime();
            Collection<ObjectNode> snapshot = reopened.twins();
            long matching = snapshot.stream()
                    .filter(t -> "1.0.3".equals(t.path("properties").path("reported").path("firmwareVersion").asText()))
                    .count();
            System.out.printf(Locale.ROOT, "twins() snapshot + filter on reported.firmwareVersion: %.1f ms (%.1f ms CPU, %d match)%n",
                    (System.nanoTime() - started) / 1e6,
                    (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore) / 1e6, matching);
        }
        // a snapshot builds each twin's service view (system properties plus tags and properties), kept for the next
        long queried = usedHeapAfterGc() - beforeOpen;
        System.out.printf(Locale.ROOT, "heap after reopening and twins(): %.0f MB (%.1f KB per twin)%n",
                queried / 1e6, queried / 1e3 / twins);
        reopened.close();
    }

    /** Writes the twins and reports the heap they take; the state is closed and unreachable afterwards. */
    private static void writeTwins(Path dir, int twins, long baseline, boolean histogram) throws Exception {
        long started = System.nanoTime();
        HubState state = HubState.open(dir, Clock.systemUTC());
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int i = 0; i < twins; i++) {
            String id = String.format(Locale.ROOT, "device-%06d", i);
            ObjectNode service = json(servicePatch(i));
            ObjectNode reported = json(reportedPatch(i));
            writes.add(state.registry().putDevice(StateTestSupport.newDevice(id), null)
                    .thenCompose(created -> state.patchTwin(id, service, null))
                    .thenCompose(twin -> state.patchReported(id, reported)));
            if (writes.size() == 5_000) {
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
                writes.clear();
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        double writeSeconds = (System.nanoTime() - started) / 1e9;
        long written = usedHeapAfterGc() - baseline;
        String sample = state.twins().iterator().next().toString();
        System.out.printf(Locale.ROOT, "%d twins written (3 durable writes each) in %.1f s; one twin is %d bytes of JSON%n",
                twins, writeSeconds, sample.length());
        System.out.printf(Locale.ROOT, "heap for %d twins after writing: %.0f MB (%.1f KB per twin)%n",
                twins, written / 1e6, written / 1e3 / twins);
        if (histogram) {
            printHistogram();
        }
        state.close();
    }

    private static String servicePatch(int i) {
        return "{'tags':{'site':'plant-" + (i % 7) + "','building':'b" + (i % 3) + "','floor':" + (i % 12)
                + ",'model':'thermo-2000'},'properties':{'desired':{'telemetryInterval':" + (10 + i % 5)
                + ",'firmware':{'version':'1.0.3','url':'https://updates.example.com/fw/1.0.3.bin'},"
                + "'thresholds':{'high':80,'low':5}}}}";
    }

    private static String reportedPatch(int i) {
        return "{'firmwareVersion':'1.0." + (i % 4) + "','serialNumber':'SN-" + i + "','manufacturer':'Contoso',"
                + "'telemetryInterval':" + (10 + i % 5) + ",'battery':{'level':" + (i % 100) + ",'charging':false},"
                + "'iothubDM':{'reboot':{'lastReboot':'2026-01-01T00:00:00Z','status':'done'},"
                + "'firmwareUpdate':{'status':'current','fwPackageUri':'https://updates.example.com/fw/1.0.3.bin',"
                + "'progress':100,'lastFirmwareUpdate':'2026-01-02T00:00:00Z'}}}";
    }

    /** The first 40 lines of the class histogram, through the JVM's diagnostic command (as jcmd runs it). */
    private static void printHistogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        text.lines().limit(40).forEach(System.out::println);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
