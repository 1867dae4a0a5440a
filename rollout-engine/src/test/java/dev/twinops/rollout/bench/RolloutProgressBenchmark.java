package dev.twinops.rollout.bench;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import dev.twinops.rollout.audit.AuditJournal;
import dev.twinops.rollout.e2e.LocalRehearsal;
import dev.twinops.rollout.engine.EngineSettings;
import dev.twinops.rollout.engine.RolloutEngine;
import dev.twinops.rollout.engine.RolloutStatus;
import dev.twinops.rollout.engine.WaveStatus;
import dev.twinops.rollout.plan.OperationSpec;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.store.FileRolloutStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a staged rollout's progress costs in twin queries over N twins (default 10,000), next to the console's way in
 * the same run. The local hub holds N registered devices; their reported {@code iothubDM.firmwareUpdate} is written
 * through the hub's own state ({@link ReportedStateFleet}); the engine runs the default waves (canary 1 %, 10 %, the
 * rest) through the service SDK ({@link StandInMethodJobsHub}: real queries and tag jobs, method jobs stood in).
 * After each of the engine's progress rounds the baseline reads the same devices the console's way (one query per
 * 100 unfinished devices, {@link ConsoleStyleProgress}), then the fleet moves on: {@code finishPercent} of the wave
 * finishes and as many go on to applying; after every 4th round nothing moves, so the next is a quiet round. Not a unit test; run as
 * <pre>
 * java -cp $CP dev.twinops.rollout.bench.RolloutProgressBenchmark [twins=10000] [finishPercent=2]
 * </pre>
 * with {@code $CP} the reactor's classes and the test classpath, as docs/performance.md ("Staged rollouts") builds it.
 */
public final class RolloutProgressBenchmark {

    private static final String VERSION = "2.0.0";
    private static final String PREFIX = "p-";

    private RolloutProgressBenchmark() {
    }

    /** One engine round and the baseline round after it. */
    record Row(int round, int wave, int inFlight, int engineQueries, double engineMs, int consoleWatched,
               int consoleQueries, double consoleMs, boolean quiet) {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        double finishPercent = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        Path dir = Files.createTempDirectory("rollout-progress-benchmark");
        System.out.printf(Locale.ROOT, "%,d twins, %.1f %% of a wave finishing per moving round; load average %.2f, "
                        + "%d cores%n", devices, finishPercent,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        try (LocalRehearsal stage = new LocalRehearsal(dir.resolve("hub"))) {
            ReportedStateFleet fleet = new ReportedStateFleet(stage.hub.state(), VERSION);
            long t0 = System.nanoTime();
            fleet.register(PREFIX, devices);
            System.out.printf(Locale.ROOT, "registered in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            QueryClient consoleQueries = new QueryClient(stage.info.serviceEndpoint(), new AzureSasCredential(
                    new IotHubServiceSasToken(IotHubConnectionStringBuilder.createIotHubConnectionString(
                            stage.info.serviceConnectionString())).toString()));
            ConsoleStyleProgress console = new ConsoleStyleProgress(consoleQueries, VERSION);
            StandInMethodJobsHub hub = new StandInMethodJobsHub(stage.rolloutHub(), stage, fleet, console::watch);
            RolloutPlan plan = new RolloutPlan("bench", null, "STARTSWITH(deviceId, '" + PREFIX + "')",
                    OperationSpec.firmwareUpdate("https://fw.example/image-2.0.0.bin", VERSION, "0".repeat(64)),
                    RolloutPlan.defaultWaves());
            // no pause between rounds: the benchmark decides when devices move, one step per round
            EngineSettings settings = new EngineSettings(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5), 10);
            RolloutEngine engine = RolloutEngine.create(plan, hub, new FileRolloutStore(dir.resolve("home")),
                    AuditJournal.inHome(dir.resolve("home"), Clock.systemUTC()), Clock.systemUTC(), settings);
            engine.start();

            List<Row> rows = run(engine, hub, fleet, console, finishPercent);
            RolloutStatus end = engine.status();
            print(rows, end, hub.queriesUsed(), console.queriesTotal());
        }
        System.exit(0);
    }

    private static List<Row> run(RolloutEngine engine, StandInMethodJobsHub hub, ReportedStateFleet fleet,
                                 ConsoleStyleProgress console, double finishPercent) throws Exception {
        List<Row> rows = new ArrayList<>();
        Instant lastRound = engine.status().nextRoundAt();
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        while (!engine.isFinished() && System.nanoTime() < deadline) {
            RolloutStatus before = engine.status();
            WaveStatus wave = before.current();
            int inFlight = wave == null ? 0 : wave.counts().inFlight();
            long queries = hub.queriesUsed();
            long started = System.nanoTime();
            engine.tick();
            long took = System.nanoTime() - started;
            RolloutStatus after = engine.status();
            if (Objects.equals(after.nextRoundAt(), lastRound) || after.nextRoundAt() == null) {
                continue; // no progress round in this tick (assigning, jobs, decisions)
            }
            lastRound = after.nextRoundAt();
            int round = rows.size() + 1;
            boolean quiet = round % 4 == 1 && round > 1; // nothing moved since the last round
            ConsoleStyleProgress.Round base = console.round();
            rows.add(new Row(round, before.currentWave() + 1, inFlight, (int) (hub.queriesUsed() - queries),
                    took / 1e6, base.watched(), base.queries(), base.nanos() / 1e6, quiet));
            if (round % 4 != 0 && wave != null) {
                fleet.advance((int) Math.max(1, Math.ceil(wave.counts().total() * finishPercent / 100)));
            }
        }
        return rows;
    }

    private static void print(List<Row> rows, RolloutStatus end, long engineTotal, long consoleTotal) {
        System.out.println("round,wave,in_flight,engine_queries,engine_ms,console_watched,console_queries,"
                + "console_ms,quiet_round");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%d,%d,%d,%d,%.1f,%d,%d,%.1f,%s%n", r.round(), r.wave(), r.inFlight(),
                    r.engineQueries(), r.engineMs(), r.consoleWatched(), r.consoleQueries(), r.consoleMs(),
                    r.quiet());
        }
        System.out.println("per wave: rounds | engine queries total, max a round, a quiet round | engine ms a round "
                + "(median) | console queries total, max a round | console ms a round (median)");
        for (int w = 1; w <= end.waves().size(); w++) {
            int wave = w;
            List<Row> in = rows.stream().filter(r -> r.wave() == wave).toList();
            if (in.isEmpty()) {
                continue;
            }
            System.out.printf(Locale.ROOT, "wave %d (%s, %d devices): %d rounds | %d, %d, %s | %.1f ms | %d, %d | "
                            + "%.1f ms%n", wave, end.waves().get(wave - 1).name(),
                    end.waves().get(wave - 1).counts().total(), in.size(),
                    in.stream().mapToInt(Row::engineQueries).sum(),
                    in.stream().mapToInt(Row::engineQueries).max().orElse(0),
                    in.stream().filter(Row::quiet).map(r -> String.valueOf(r.engineQueries())).distinct().toList(),
                    median(in.stream().mapToDouble(Row::engineMs).toArray()),
                    in.stream().mapToInt(Row::consoleQueries).sum(),
                    in.stream().mapToInt(Row::consoleQueries).max().orElse(0),
                    median(in.stream().mapToDouble(Row::consoleMs).toArray()));
        }
        System.out.printf(Locale.ROOT, "end: %s%n", end.line());
        System.out.printf(Locale.ROOT, "queries in progress rounds: engine %d, console way %d; engine's whole rollout "
                        + "(count, selection, members, progress) %d; load average now %.2f%n",
                rows.stream().mapToInt(Row::engineQueries).sum(), consoleTotal, engineTotal,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length == 0 ? 0 : v[v.length / 2];
    }
}
