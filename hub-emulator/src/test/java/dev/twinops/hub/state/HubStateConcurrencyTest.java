package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.twinops.hub.state.StateTestSupport.done;
import static dev.twinops.hub.state.StateTestSupport.json;
import static dev.twinops.hub.state.StateTestSupport.newDevice;
import static org.assertj.core.api.Assertions.assertThat;

class HubStateConcurrencyTest {

    private static final int THREADS = 8;
    private static final int DEVICES = 4;
    private static final int WRITES_PER_THREAD = 250;

    @TempDir
    Path dataDir;

    @Test
    void concurrentWritesFromManyThreadsAreAllDurableWithStrictlyIncreasingVersions() throws Exception {
        List<List<Long>> reportedVersionsSeen = new ArrayList<>();
        Map<String, List<Long>> desiredVersionsNotified = new ConcurrentHashMap<>();
        try (HubState state = HubState.open(dataDir)) {
            for (int d = 0; d < DEVICES; d++) {
                done(state.registry().putDevice(newDevice("dev" + d), null));
            }
            state.addDesiredPropertiesListener((deviceId, patch) -> desiredVersionsNotified
                    .computeIfAbsent(deviceId, id -> new CopyOnWriteArrayList<>()).add(patch.path("$version").asLong()));
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<?>> writes = new CopyOnWriteArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                List<Long> seen = new CopyOnWriteArrayList<>();
                reportedVersionsSeen.add(seen);
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < WRITES_PER_THREAD; i++) {
                        String device = "dev" + (i % DEVICES);
                        if (thread % 2 == 0) {
                            // Chain instead of blocking, as an event loop would.
                            writes.add(state.patchReported(device, json("{'t" + thread + "':" + i + "}"))
                                    .thenAccept(seen::add));
                        } else {
                            writes.add(state.patchTwin(device,
                                    json("{'properties':{'desired':{'t" + thread + "':" + i + "}}}"), null));
                        }
                    }
                });
            }
            // A reader checks, while the writes go on, that every twin it sees is one whole committed version.
            AtomicBoolean writing = new AtomicBoolean(true);
            List<String> inconsistent = new CopyOnWriteArrayList<>();
            AtomicInteger snapshots = new AtomicInteger();
            Thread reader = new Thread(() -> {
                while (writing.get() || snapshots.get() == 0) {
                    for (ObjectNode twin : state.twins()) {
                        long version = twin.path("version").asLong();
                        long desired = twin.path("properties").path("desired").path("$version").asLong();
                        long reported = twin.path("properties").path("reported").path("$version").asLong();
                        if (version != desired + reported - 1) {
                            inconsistent.add(twin.toString());
                        }
                    }
                    snapshots.incrementAndGet();
                }
            }, "twin-reader");
            reader.start();
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            done(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
            writing.set(false);
            reader.join(10_000);
            assertThat(inconsistent).isEmpty();
            assertThat(snapshots.get()).isPositive();
        }

        int perKind = THREADS / 2 * WRITES_PER_THREAD;
        for (List<Long> seen : reportedVersionsSeen) {
            if (!seen.isEmpty()) {
                // One thread's writes to one device are acknowledged in the order they were made.
                for (int d = 0; d < DEVICES; d++) {
                    List<Long> perDevice = new ArrayList<>();
                    for (int i = d; i < seen.size(); i += DEVICES) {
                        perDevice.add(seen.get(i));
                    }
                    assertThat(perDevice).isSorted().doesNotHaveDuplicates();
                }
            }
        }
        for (List<Long> versions : desiredVersionsNotified.values()) {
            assertThat(versions).as("desired notifications in version order").isSorted().doesNotHaveDuplicates();
        }
        try (HubState reopened = HubState.open(dataDir)) {
            long totalReported = 0;
            long totalDesired = 0;
            for (int d = 0; d < DEVICES; d++) {
                ObjectNode twin = reopened.serviceTwin("dev" + d);
                long reported = twin.path("properties").path("reported").path("$version").asLong() - 1;
                long desired = twin.path("properties").path("desired").path("$version").asLong() - 1;
                assertThat(twin.path("version").asLong()).isEqualTo(1 + reported + desired);
                totalReported += reported;
                totalDesired += desired;
                for (int t = 0; t < THREADS; t++) {
                    String section = t % 2 == 0 ? "reported" : "desired";
                    int lastWrite = (WRITES_PER_THREAD - 1) - ((WRITES_PER_THREAD - 1 - d) % DEVICES);
                    assertThat(twin.path("properties").path(section).path("t" + t).asInt())
                            .as("last value written by thread %d to dev%d", t, d).isEqualTo(lastWrite);
                }
            }
            assertThat(totalReported).isEqualTo(perKind);
            assertThat(totalDesired).isEqualTo(perKind);
        }
    }
}
