package dev.twinops.hub.jobs;

import com.azure.core.credential.AzureSasCredential;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.jobs.DirectMethodsJobOptions;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobStatus;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.testing.TestHubs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures scheduled jobs over many connected devices: a direct-method job and a twin-update job over N devices,
 * each device a real MQTT/TLS connection answering methods ({@link MqttDeviceFleet}), driven through the official
 * {@code ScheduledJobsClient} against a LocalHub on a random loopback address. Reports the time from the job's
 * creation to its end as the hub records them (createdTime, endTime) and the devices per second. Not a unit test;
 * {@link JobScaleTest} runs it once at 1,000 devices. Run it as a main:
 * <pre>
 * mvn -B -q -o test-compile -pl hub-emulator
 * mvn -B -q -o dependency:build-classpath -pl hub-emulator -Dmdep.outputFile=/tmp/hub-cp.txt
 * java -cp hub-emulator/target/test-classes:hub-emulator/target/classes:$(cat /tmp/hub-cp.txt) \
 *     dev.twinops.hub.jobs.JobBenchmark [devices=1000] [rounds=3]
 * </pre>
 */
public final class JobBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One round's figures. */
    record Round(int devices, int methodSucceeded, Duration methodJob, Duration lastMethodStarted,
                 int twinSucceeded, Duration twinJob) {
        double methodRate() {
            return devices * 1000.0 / Math.max(1, methodJob.toMillis());
        }

        double twinRate() {
            return devices * 1000.0 / Math.max(1, twinJob.toMillis());
        }
    }

    /** Figures of a run: set-up times and one entry per round. */
    record Result(int devices, Duration register, Duration connect, List<Round> rounds) {
    }

    private JobBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("job-benchmark");
        Result result = run(dir, devices, rounds);
        System.out.printf("devices: %d, registered in %d ms, connected (MQTT/TLS, subscribed) in %d ms%n",
                result.devices(), result.register().toMillis(), result.connect().toMillis());
        for (Round round : result.rounds()) {
            System.out.printf("method job: %d/%d succeeded in %d ms (%.0f devices/s; last device started after %d ms);"
                            + " twin-update job: %d/%d in %d ms (%.0f devices/s)%n",
                    round.methodSucceeded(), round.devices(), round.methodJob().toMillis(), round.methodRate(),
                    round.lastMethodStarted().toMillis(), round.twinSucceeded(), round.devices(),
                    round.twinJob().toMillis(), round.twinRate());
        }
        System.exit(0);
    }

    /** Starts a hub in {@code dataDir}, registers and connects the devices, runs the jobs, stops the hub. */
    static Result run(Path dataDir, int devices, int rounds) throws Exception {
        try (LocalHub hub = TestHubs.start(dataDir)) {
            AzureSasCredential credential = TestHubs.credential(hub, "iothubowner");
            String endpoint = hub.connectionInfo().serviceEndpoint();
            long started = System.nanoTime();
            Map<String, String> keys = register(new RegistryClient(endpoint, credential), devices);
            Duration register = Duration.ofNanos(System.nanoTime() - started);

            started = System.nanoTime();
            try (MqttDeviceFleet fleet = MqttDeviceFleet.connect(hub.connectionInfo().hostName(),
                    hub.connectionInfo().caCertificatePath(), keys, Duration.ofMinutes(3))) {
                Duration connect = Duration.ofNanos(System.nanoTime() - started);
                ScheduledJobsClient jobs = new ScheduledJobsClient(endpoint, credential);
                QueryClient queries = new QueryClient(endpoint, credential);
                List<Round> results = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    ScheduledJob method = await(jobs, jobs.scheduleDirectMethod("bench-method-" + round,
                            "STARTSWITH(deviceId, 'bench-')", "ping", new Date(), DirectMethodsJobOptions.builder()
                                    .payload(Map.of("round", round))
                                    .methodConnectTimeoutSeconds(0)
                                    // IoT Hub's longest: every call is dispatched at once, and on a loaded
                                    // machine the last answers may come after the default 30 s
                                    .methodResponseTimeoutSeconds(300)
                                    .maxExecutionTimeSeconds(600)
                                    .build()));
                    Twin update = new Twin();
                    update.getDesiredProperties().put("benchmarkRound", round);
                    ScheduledJob twin = await(jobs, jobs.scheduleUpdateTwin("bench-twin-" + round,
                            "STARTSWITH(deviceId, 'bench-')", update, new Date(), 600));
                    results.add(new Round(devices, method.getJobStatistics().getSucceededCount(), elapsed(method),
                            lastStarted(queries, method), twin.getJobStatistics().getSucceededCount(), elapsed(twin)));
                }
                return new Result(devices, register, connect, results);
            }
        }
    }

    private static Map<String, String> register(RegistryClient registry, int devices) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Device>> added = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                String id = String.format("bench-%05d", i);
                added.add(pool.submit(() -> registry.addDevice(new Device(id))));
            }
            Map<String, String> keys = new TreeMap<>();
            for (Future<Device> device : added) {
                keys.put(device.get().getDeviceId(), device.get().getPrimaryKey());
            }
            return keys;
        } finally {
            pool.shutdown();
        }
    }

    /** Polls the job until it ends (every 20 ms, so polling adds little to the figures). */
    private static ScheduledJob await(ScheduledJobsClient jobs, ScheduledJob created) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            ScheduledJob job = jobs.get(created.getJobId());
            ScheduledJobStatus status = job.getJobStatus();
            if (status == ScheduledJobStatus.completed || status == ScheduledJobStatus.failed
                    || status == ScheduledJobStatus.cancelled) {
                return job;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        throw new IllegalStateException("job " + created.getJobId() + " did not end within 10 minutes");
    }

    /** How long after the job's creation its last device operation started (how fast the hub dispatches). */
    private static Duration lastStarted(QueryClient queries, ScheduledJob job) throws Exception {
        RawQueryResponse rows = queries.queryRaw("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = '"
                + job.getJobId() + "'", QueryPageOptions.builder().pageSize(1000).build());
        Instant last = Instant.EPOCH;
        while (rows.hasNext()) {
            Instant started = Instant.parse(JSON.readTree(rows.next()).path("startTimeUtc").asText());
            last = started.isAfter(last) ? started : last;
        }
        return Duration.between(job.getCreatedTime().toInstant(), last);
    }

    /** From the job's creation to its end, as the hub recorded them. */
    private static Duration elapsed(ScheduledJob job) {
        return Duration.ofMillis(job.getEndTime().getTime() - job.getCreatedTime().getTime());
    }
}
