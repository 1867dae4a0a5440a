package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Reported-patch throughput with group commit against one commit per write, in one run, on the same disk.
 * {@code clients} devices each keep one reported patch in flight (send, wait for the durable ack, send the
 * next), which is how device SDKs report. Nothing blocks: each ack chains the next patch.
 *
 * <p>Run (from the repository root, after {@code mvn -B -q -o install -DskipTests -pl hub-emulator -am} and
 * {@code mvn -B -q -o -pl hub-emulator test-compile}):
 * <pre>
 * mvn -B -q -o -pl hub-emulator exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.twinops.hub.state.HubStateWriteBenchmark -Dexec.args="20000 256"
 * </pre>
 * Arguments: writes per mode (default 20000), concurrent clients (default 256), directory (default
 * {@code hub-emulator/target/state-benchmark}, on the real disk: /tmp may be RAM, where fsync is free).
 */
public final class HubStateWriteBenchmark {

    private record Result(String mode, int clients, int writes, double seconds,
                          GroupCommitWriter.Statistics writer, long[] latencyMicros) {
        String line() {
            long[] sorted = latencyMicros.clone();
            Arrays.sort(sorted);
            return String.format(Locale.ROOT, "%-24s clients=%4d writes=%6d %7.0f writes/s %6.1f writes/commit"
                            + " (apply %5.2f ms + commit %5.2f ms per commit)  latency p50 %7.2f ms p99 %7.2f ms",
                    mode, clients, writes, writes / seconds, writer.writesPerCommit(),
                    writer.applyMillisPerCommit(), writer.commitMillisPerCommit(),
                    sorted[sorted.length / 2] / 1000.0, sorted[(int) (sorted.length * 0.99)] / 1000.0);
        }
    }

    public static void main(String[] args) throws Exception {
        int writes = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        Path base = args.length > 2 ? Paths.get(args[2]) : Paths.get("hub-emulator/target/state-benchmark");
        if (!Files.isDirectory(base.getParent() == null ? Paths.get(".") : base.getParent())) {
            base = Paths.get("target/state-benchmark");
        }
        System.out.printf("HubState reported-patch benchmark, %d writes per mode, data in %s%n", writes, base.toAbsolutePath());
        // Warm up the JIT on both paths with a short run each, then measure.
        run(base.resolve("warmup-group"), GroupCommitWriter.MAX_BATCH, Math.min(writes, 5_000), clients, "warm-up");
        run(base.resolve("warmup-single"), 1, Math.min(writes / 10, 500), clients, "warm-up");
        Result group = run(base.resolve("group"), GroupCommitWriter.MAX_BATCH, writes, clients, "group commit");
        Result single = run(base.resolve("single"), 1, Math.max(1, writes / 10), clients, "one commit per write");
        Result sequential = run(base.resolve("sequential"), GroupCommitWriter.MAX_BATCH, Math.max(1, writes / 10), 1,
                "group commit, 1 client");
        System.out.println(group.line());
        System.out.println(single.line());
        System.out.println(sequential.line());
        System.out.printf(Locale.ROOT, "group commit / one commit per write = %.1fx%n",
                (group.writes() / group.seconds()) / (single.writes() / single.seconds()));
    }

    private static Result run(Path dir, int maxBatch, int writes, int clients, String mode) throws Exception {
        deleteRecursively(dir);
        int devices = Math.min(clients, 1_000);
        HubState state = HubState.open(dir, Clock.systemUTC(), GroupCommitWriter.MAX_BATCH);
        CompletableFuture<?>[] created = new CompletableFuture<?>[devices];
        for (int d = 0; d < devices; d++) {
            created[d] = state.registry().putDevice(StateTestSupport.newDevice("bench-" + d), null);
        }
        CompletableFuture.allOf(created).get(60, TimeUnit.SECONDS);
        state.close();

        state = HubState.open(dir, Clock.systemUTC(), maxBatch);
        long[] latencies = new long[writes];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(writes);
        long started = System.nanoTime();
        for (int c = 0; c < Math.min(clients, writes); c++) {
            sendNext(state, "bench-" + (c % devices), next, writes, latencies, finished);
        }
        if (!finished.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException(mode + ": writes did not finish");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        state.close();
        Result result = new Result(mode, clients, writes, seconds, state.writerStatistics(), latencies);
        if (!"warm-up".equals(mode)) {
            System.out.println("  done: " + result.line());
        }
        return result;
    }

    /** One client: send a patch, and when it is durable send the next one (chained, never blocking). */
    private static void sendNext(HubState state, String deviceId, AtomicInteger next, int writes, long[] latencies,
                                 CountDownLatch finished) {
        int index = next.getAndIncrement();
        if (index >= writes) {
            return;
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.put("counter", index).putObject("telemetry").put("temperature", 20 + index % 10).put("seq", index);
        long sent = System.nanoTime();
        state.patchReported(deviceId, patch).whenComplete((version, failure) -> {
            if (failure != null) {
                System.err.println("write failed: " + failure);
            }
            latencies[index] = (System.nanoTime() - sent) / 1000;
            finished.countDown();
            sendNext(state, deviceId, next, writes, latencies, finished);
        });
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
