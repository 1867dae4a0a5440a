package dev.twinops.simulator.fleet;

import dev.twinops.hub.HubConfig;
import dev.twinops.hub.LocalHub;
import dev.twinops.hubclient.trust.PerHubTrust;
import dev.twinops.simulator.device.ExecutorScheduler;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registers N new devices (tags included) on a fresh local hub in this JVM, one by one as the fleet did before
 * (a read, an add and a tag patch per device) and the way it does now (bulk create 100 a request, then a tag patch
 * per device), alternating which goes first, with the same I/O parallelism. Prints wall time and the requests the
 * hub answered, from its own request log.
 *
 * <pre>
 * mvn -B -q -o -pl device-simulator -am test-compile
 * mvn -B -q -o -pl device-simulator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/sim-cp.txt
 * java -Dlogback.configurationFile=dev/twinops/simulator/cli/logback-cli.xml \
 *     -cp device-simulator/target/test-classes:device-simulator/target/classes:$(cat /tmp/sim-cp.txt) \
 *     dev.twinops.simulator.fleet.RegistrationBenchmark [devices=1000] [repetitions=3] [parallelism=8]
 * </pre>
 */
public final class RegistrationBenchmark {

    private RegistrationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path data = Files.createTempDirectory("registration-bench");
        try (LocalHub hub = LocalHub.start(HubConfig.builder().dataDirectory(data).bindAddress(
                LocalHubFixture.randomLoopback()).build());
             HubRequestLog log = new HubRequestLog()) {
            var info = hub.connectionInfo();
            HubTarget target = HubTarget.local(info.hostName(), info.serviceEndpoint(),
                    info.serviceConnectionString(), info.caCertificatePath());
            PerHubTrust.jvm().trust(info.serviceEndpoint(), info.caCertificatePath());
            DeviceRegistrar registrar = new DeviceRegistrar(target);
            ExecutorService io = Executors.newFixedThreadPool(parallelism);
            ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
            System.out.printf("devices=%d repetitions=%d parallelism=%d load=%.1f%n", count, repetitions,
                    parallelism, ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            // warm-up: class loading, TLS, the hub's JIT
            oneByOne(registrar, io, FleetConfig.builder(target).prefix("warm-one-").count(50).build(), log);
            inBulk(registrar, io, timers, FleetConfig.builder(target).prefix("warm-bulk-").count(150).build(), log);
            for (int rep = 1; rep <= repetitions; rep++) {
                FleetConfig single = FleetConfig.builder(target).prefix("one-" + rep + "-").count(count).build();
                FleetConfig bulk = FleetConfig.builder(target).prefix("bulk-" + rep + "-").count(count).build();
                if (rep % 2 == 1) {
                    print(rep, "one by one", oneByOne(registrar, io, single, log));
                    print(rep, "bulk", inBulk(registrar, io, timers, bulk, log));
                } else {
                    print(rep, "bulk", inBulk(registrar, io, timers, bulk, log));
                    print(rep, "one by one", oneByOne(registrar, io, single, log));
                }
            }
            io.shutdownNow();
            timers.shutdownNow();
        }
        System.exit(0);
    }

    private record Run(long millis, long requests, long bulkRequests, int devices) {
    }

    private static void print(int rep, String mode, Run run) {
        System.out.printf("rep=%d mode=%-10s devices=%d ms=%d devices/s=%.0f requests=%d (bulk %d)%n", rep, mode,
                run.devices(), run.millis(), run.devices() * 1000.0 / run.millis(), run.requests(),
                run.bulkRequests());
    }

    /** The previous fleet path: read (404), add, tag, per device. */
    private static Run oneByOne(DeviceRegistrar registrar, ExecutorService io, FleetConfig fleet, HubRequestLog log)
            throws Exception {
        log.clear();
        CountDownLatch done = new CountDownLatch(fleet.count());
        AtomicInteger created = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 1; i <= fleet.count(); i++) {
            int index = i;
            io.execute(() -> {
                try {
                    if (registrar.register(fleet.deviceId(index), DeviceProfiles.tags(index)).created()) {
                        created.incrementAndGet();
                    }
                } catch (Exception e) {
                    System.out.println("failed: " + e);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await(10, TimeUnit.MINUTES);
        return new Run((System.nanoTime() - start) / 1_000_000, log.requests(), log.bulkRequests(), created.get());
    }

    /** The fleet's path now, exactly as the fleet runs it. */
    private static Run inBulk(DeviceRegistrar registrar, ExecutorService io, ScheduledExecutorService timers,
                              FleetConfig fleet, HubRequestLog log) throws Exception {
        log.clear();
        CountDownLatch done = new CountDownLatch(fleet.count());
        AtomicInteger created = new AtomicInteger();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= fleet.count(); i++) {
            ids.add(fleet.deviceId(i));
        }
        long start = System.nanoTime();
        new FleetRegistration(fleet, ids, registrar, io, new ExecutorScheduler(timers, Clock.systemUTC()),
                () -> false, new FleetRegistration.Outcome() {
                    @Override
                    public void registered(int index, DeviceRegistrar.Registration registration) {
                        if (registration.created()) {
                            created.incrementAndGet();
                        }
                        done.countDown();
                    }

                    @Override
                    public void failed(String deviceId, String reason, boolean fatal) {
                        System.out.println("failed: " + reason);
                        done.countDown();
                    }
                }).start();
        done.await(10, TimeUnit.MINUTES);
        return new Run((System.nanoTime() - start) / 1_000_000, log.requests(), log.bulkRequests(), created.get());
    }
}
