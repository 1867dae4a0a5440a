package dev.twinops.rollout.bench;

import dev.twinops.rollout.e2e.LocalRehearsal;
import dev.twinops.simulator.device.ConnectionState;
import dev.twinops.simulator.device.DeviceObserver;
import dev.twinops.simulator.device.SimulatedDevice;
import dev.twinops.simulator.firmware.DownloadPolicy;
import dev.twinops.simulator.fleet.FleetConfig;
import dev.twinops.simulator.fleet.HubTarget;
import dev.twinops.simulator.fleet.SimulatedFleet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One part of {@link FirmwareUpdateSplitFleetBenchmark}'s fleet in its own JVM, as the console runs a large fleet
 * (devices {@code first}.. of one numbering, its share of the connections at once): starts its devices, prints
 * {@code online MILLIS}, then answers commands on standard input, one a line:
 * {@code cycle} power-cycles every device at once and answers {@code cycled MILLIS} (epoch time the last was back);
 * {@code watch VERSION [N]} answers {@code current MILLIS} once every device (or N of them) reported {@code current}
 * with that firmware version (epoch time of the last).
 * Arguments: the hub (device host, service endpoint, CA file, comma-separated; its connection string in the
 * environment variable {@code TWINOPS_PART_HUB}, never the arguments), prefix, first, count, connections at once,
 * firmware directory.
 */
public final class FleetPartWorker {

    static final String HUB_ENV = "TWINOPS_PART_HUB";

    private FleetPartWorker() {
    }

    public static void main(String[] args) throws Exception {
        String[] hubParts = args[0].split(",");
        HubTarget hub = HubTarget.local(hubParts[0], hubParts[1], System.getenv(HUB_ENV), Path.of(hubParts[2]));
        int count = Integer.parseInt(args[3]);
        Watcher watcher = new Watcher();
        // LocalRehearsal's fleet, as FirmwareUpdateFloorBenchmark runs it
        FleetConfig config = LocalRehearsal.quickFleet(hub).prefix(args[1]).first(Integer.parseInt(args[2]))
                .count(count).seed(1).parallelism(Integer.parseInt(args[4]))
                .downloadPolicy(DownloadPolicy.of(List.of(args[5]), DownloadPolicy.DEFAULT_MAX_PACKAGE_BYTES))
                .deviceObserver(watcher).build();
        try (SimulatedFleet fleet = SimulatedFleet.start(config)) {
            fleet.allOnline().get(15, TimeUnit.MINUTES);
            System.out.println("online " + System.currentTimeMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.split(" ");
                if (words[0].equals("cycle")) {
                    List<CompletableFuture<Void>> cycles = new ArrayList<>();
                    for (String id : fleet.deviceIds()) {
                        SimulatedDevice d = fleet.device(id).orElseThrow();
                        cycles.add(d.powerCycle(Duration.ofMillis(500)));
                    }
                    CompletableFuture.allOf(cycles.toArray(CompletableFuture[]::new)).get(15, TimeUnit.MINUTES);
                    System.out.println("cycled " + System.currentTimeMillis());
                } else if (words[0].equals("watch")) {
                    int expected = words.length > 2 ? Integer.parseInt(words[2]) : count;
                    watcher.current.clear();
                    watcher.version = words[1];
                    Thread waiting = new Thread(() -> {
                        while (watcher.current.size() < expected) {
                            LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // polls its own counter
                        }
                        System.out.println("current " + watcher.current.values().stream()
                                .mapToLong(Long::longValue).max().orElse(0));
                    });
                    waiting.setDaemon(true);
                    waiting.start();
                }
            }
        }
        System.exit(0);
    }

    /** The epoch time each device's {@code current} report for the watched version was acknowledged. */
    static final class Watcher implements DeviceObserver {
        final Map<String, Long> current = new ConcurrentHashMap<>();
        volatile String version;

        @Override
        public void onStateChanged(String deviceId, ConnectionState state, boolean busy) {
        }

        @Override
        public void onReported(String deviceId, Map<String, Object> patch) {
            if (version != null && patch.get("iothubDM") instanceof Map<?, ?> dm
                    && dm.get("firmwareUpdate") instanceof Map<?, ?> fw && "current".equals(fw.get("status"))
                    && version.equals(patch.get("firmwareVersion"))) {
                current.putIfAbsent(deviceId, System.currentTimeMillis());
            }
        }
    }
}
