package dev.twinops.rollout.bench;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.sdk.iot.service.jobs.DirectMethodsJobOptions;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobStatus;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import dev.twinops.rollout.audit.AuditJournal;
import dev.twinops.rollout.e2e.LocalRehearsal;
import dev.twinops.rollout.engine.EngineSettings;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.engine.RolloutEngine;
import dev.twinops.rollout.engine.RolloutRunner;
import dev.twinops.rollout.engine.RolloutStatus;
import dev.twinops.rollout.hub.SdkRolloutHub;
import dev.twinops.rollout.json.RolloutJson;
import dev.twinops.rollout.plan.OperationSpec;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.plan.WaveSpec;
import dev.twinops.rollout.store.FileRolloutStore;
import dev.twinops.simulator.fleet.SimulatedFleet;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A staged rollout to a real simulated fleet (device SDK, MQTT/TLS, downloads from the stage's firmware server), in
 * three waves (1 %, 10 %, the rest), click to completed, with the engine's queries per progress round; then the
 * same fleet updated again (to another version) by one method job over all devices with progress read the console's
 * way (one query per 100 unfinished devices a round, {@link ConsoleStyleProgress}, and the job's rows while it runs),
 * until every device is final. Between the two, the fleet is left to finish its reboots.
 * Both follow the fleet at one round a second. Not a unit test; run as
 * <pre>
 * java -cp $CP dev.twinops.rollout.bench.FleetRolloutBenchmark [devices=300]
 * </pre>
 */
public final class FleetRolloutBenchmark {

    private static final Duration ROUND = Duration.ofSeconds(1);

    private FleetRolloutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path dir = Files.createTempDirectory("fleet-rollout-benchmark");
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try (LocalRehearsal stage = new LocalRehearsal(dir.resolve("hub"))) {
            long t0 = System.nanoTime();
            try (SimulatedFleet fleet = SimulatedFleet.start(stage.fleet("f-", devices).seed(1).build())) {
                fleet.allOnline().get(15, TimeUnit.MINUTES);
                System.out.printf(Locale.ROOT, "%d devices online in %.1f s; load average %.2f%n", devices,
                        (System.nanoTime() - t0) / 1e9, load());
                staged(stage, dir, ticker);
                awaitSettled(stage, devices);
                oneJob(stage, fleet.deviceIds());
            }
        } finally {
            ticker.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "load average at the end %.2f%n", load());
        System.exit(0);
    }

    private static void staged(LocalRehearsal stage, Path dir, ScheduledExecutorService ticker) throws Exception {
        SdkRolloutHub hub = stage.rolloutHub();
        RolloutPlan plan = new RolloutPlan("fleet", null, "STARTSWITH(deviceId, 'f-')",
                OperationSpec.firmwareUpdate(stage.firmwareUri(), "2.0.0", stage.firmwareSha256),
                List.of(WaveSpec.percent("canary", 1), WaveSpec.percent("early", 10), WaveSpec.rest("rest")));
        FileRolloutStore store = new FileRolloutStore(dir.resolve("home"));
        RolloutEngine engine = RolloutEngine.create(plan, hub, store,
                AuditJournal.inHome(dir.resolve("home"), Clock.systemUTC()), Clock.systemUTC(),
                EngineSettings.DEFAULTS.withIntervals(ROUND, ROUND));
        long started = System.nanoTime();
        engine.start();
        RolloutRunner runner = RolloutRunner.start(engine, store.lease(plan.id(), "the benchmark"), ticker,
                Duration.ofMillis(200));
        List<String> rounds = new ArrayList<>();
        Instant lastRound = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (!engine.isFinished() && System.nanoTime() < deadline) {
            RolloutStatus s = engine.status();
            if (s.nextRoundAt() != null && !Objects.equals(s.nextRoundAt(), lastRound)) {
                lastRound = s.nextRoundAt();
                rounds.add("w" + (s.currentWave() + 1) + ":" + s.queriesLastRound());
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        runner.close();
        RolloutStatus end = engine.status();
        System.out.printf(Locale.ROOT, "staged rollout: %s in %.1f s; %d queries in all; rounds seen (wave:queries):"
                + " %s%n", end.phase(), (System.nanoTime() - started) / 1e9, hub.queriesUsed(), rounds);
        System.out.println("staged rollout end: " + end.line());
        if (end.phase() != Phase.COMPLETED) {
            System.out.println("(did not complete)");
        }
    }

    /** Waits (bounded) until every device runs 2.0.0 and is connected again after its reboot. */
    private static void awaitSettled(LocalRehearsal stage, int devices) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline && stage.query("SELECT COUNT() AS n FROM devices WHERE STARTSWITH("
                + "deviceId, 'f-') AND properties.reported.firmwareVersion = '2.0.0' AND connectionState = "
                + "'Connected'").get(0).path("n").asInt() < devices) {
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
    }

    private static void oneJob(LocalRehearsal stage, List<String> ids) throws Exception {
        AzureSasCredential credential = new AzureSasCredential(new IotHubServiceSasToken(
                IotHubConnectionStringBuilder.createIotHubConnectionString(stage.info.serviceConnectionString()))
                .toString());
        ScheduledJobsClient jobs = new ScheduledJobsClient(stage.info.serviceEndpoint(), credential);
        ConsoleStyleProgress console = new ConsoleStyleProgress(new QueryClient(stage.info.serviceEndpoint(),
                credential), "2.1.0");
        OperationSpec op = OperationSpec.firmwareUpdate(stage.firmwareUri().replace("2.0.0", "2.1.0"), "2.1.0",
                stage.firmwareSha256);
        String operationId = "baseline-1";
        long started = System.nanoTime();
        jobs.scheduleDirectMethod("baseline-all", "STARTSWITH(deviceId, 'f-')", op.wireMethodName(), new Date(),
                DirectMethodsJobOptions.builder()
                        .payload(RolloutJson.mapper().convertValue(op.payloadFor(operationId), Object.class))
                        .methodResponseTimeoutSeconds(30).methodConnectTimeoutSeconds(0)
                        .maxExecutionTimeSeconds(600).build());
        console.watch(ids, operationId);
        List<Integer> rounds = new ArrayList<>();
        boolean jobRowsRead = false;
        int refused = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (console.unfinished() > 0 && System.nanoTime() < deadline) {
            long roundStart = System.nanoTime();
            int queries = console.round().queries();
            if (!jobRowsRead) { // the console reads the job's rows every round until it has them all
                queries++;
                console.count(1);
                ScheduledJobStatus status = jobs.get("baseline-all").getJobStatus();
                if (status == ScheduledJobStatus.completed || status == ScheduledJobStatus.failed) {
                    for (JsonNode row : stage.query("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = "
                            + "'baseline-all'")) {
                        JsonNode answer = row.path("outcome").path("deviceMethodResponse").path("status");
                        if (!answer.canConvertToInt() || answer.asInt() < 200 || answer.asInt() >= 300) {
                            console.settle(row.path("deviceId").asText()); // refused or not reached: final
                            refused++;
                        }
                    }
                    jobRowsRead = true;
                }
            }
            rounds.add(queries);
            long rest = ROUND.toNanos() - (System.nanoTime() - roundStart);
            if (rest > 0 && console.unfinished() > 0) {
                LockSupport.parkNanos(rest);
            }
        }
        System.out.printf(Locale.ROOT, "baseline, one job over all %d, progress the console's way: %s in %.1f s; "
                        + "%d queries in %d rounds (%d refused or not reached); queries per round: %s%n", ids.size(),
                console.unfinished() == 0 ? "all final" : console.unfinished() + " unfinished",
                (System.nanoTime() - started) / 1e9, console.queriesTotal(), rounds.size(), refused, rounds);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
