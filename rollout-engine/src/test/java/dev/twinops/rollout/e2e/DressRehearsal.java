package dev.twinops.rollout.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinops.hub.throttle.ThrottlingPolicy;
import dev.twinops.limits.TierLimits;
import dev.twinops.rollout.audit.AuditJournal;
import dev.twinops.rollout.engine.EngineSettings;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.engine.RolloutEngine;
import dev.twinops.rollout.engine.RolloutRunner;
import dev.twinops.rollout.hub.RolloutHub;
import dev.twinops.rollout.plan.FailureAction;
import dev.twinops.rollout.plan.FailureThreshold;
import dev.twinops.rollout.plan.OperationSpec;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.plan.WaveSpec;
import dev.twinops.rollout.rehearsal.CopyEstimate;
import dev.twinops.rollout.rehearsal.CopyRequest;
import dev.twinops.rollout.rehearsal.CopyResult;
import dev.twinops.rollout.rehearsal.FleetShapeCopy;
import dev.twinops.rollout.rehearsal.RehearsalComparison;
import dev.twinops.rollout.rehearsal.SdkRehearsalHub;
import dev.twinops.rollout.rehearsal.SdkSourceFleet;
import dev.twinops.rollout.report.RolloutReport;
import dev.twinops.rollout.store.FileRolloutStore;
import dev.twinops.rollout.store.RolloutLease;
import dev.twinops.simulator.faults.FaultProfile;
import dev.twinops.simulator.faults.FaultSettings;
import dev.twinops.simulator.fleet.FleetShape;
import dev.twinops.simulator.fleet.SimulatedFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The dress rehearsal end to end, on the real SDKs: a "production" local hub playing a tier with a simulated fleet of
 * mixed firmware versions and tags, a rehearsal hub playing the same tier; copy the fleet's shape (production only
 * read), start a simulated fleet from the shape on the rehearsal hub, rehearse a three-wave plan there with the
 * {@code flaky} profile, run the same plan on production, compare. Used by {@link RehearsalEndToEndTest} (40 devices)
 * and {@link RehearsalRun} (the 200-device run of docs/rehearsal.md).
 */
final class DressRehearsal implements AutoCloseable {

    /** What a run does and plays. */
    record Settings(int devices, TierLimits tier, int scale, long productionSeed, long rehearsalSeed,
                    Duration deadline) {
    }

    /** What a run saw. */
    record Outcome(CopyEstimate estimate, CopyResult copy, Map<String, String> productionBefore,
                   Map<String, String> productionAfter, RolloutReport rehearsal, RolloutReport live,
                   RehearsalComparison comparison, Duration productionFleetStart, Duration rehearsalFleetStart,
                   Duration rehearsalRun, Duration liveRun) {
    }

    static final String TARGET_VERSION = "2.0.0";

    final LocalRehearsal production;
    final LocalRehearsal rehearsal;
    private final Settings settings;
    private final Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    /**
     * Both stages trust their CAs JVM-wide as they start (additively); the fleets leave that alone, since a fleet's
     * own installer would put back a trust of its hub's CA only and cut the copy off from the other hub.
     */
    DressRehearsal(Path dir, Settings settings) throws Exception {
        this.dir = dir;
        this.settings = settings;
        ThrottlingPolicy tier = ThrottlingPolicy.of(settings.tier().tier(), settings.tier().units());
        production = new LocalRehearsal(Files.createDirectories(dir.resolve("production-hub")), tier);
        rehearsal = new LocalRehearsal(Files.createDirectories(dir.resolve("rehearsal-hub")), tier);
    }

    /**
     * The production fleet's shape: firmware 1.0.0 (60 %), 1.1.0 (30 %) and already 2.0.0 (10 %, skipped by the
     * rollout), four sites, a canary ring of one device in ten.
     */
    static String productionShape(int devices) {
        StringBuilder s = new StringBuilder("{\"formatVersion\": 1, \"devices\": [");
        String[] sites = {"plant-north", "plant-south", "warehouse-east", "lab"};
        for (int i = 0; i < devices; i++) {
            String version = i % 10 == 9 ? TARGET_VERSION : i % 10 >= 6 ? "1.1.0" : "1.0.0";
            s.append(i == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT,
                    "{\"deviceId\": \"pump-%04d\", \"firmwareVersion\": \"%s\", \"tags\": {\"site\": \"%s\", "
                            + "\"ring\": \"%s\", \"model\": \"P-%d\"}, \"deviceInfo\": {\"manufacturer\": "
                            + "\"Contoso\", \"model\": \"P-%d\", \"serialNumber\": \"SN-%05d\"}}",
                    i, version, sites[i % 4], i % 10 == 3 ? "canary" : "broad", 100 + i % 3 * 100,
                    100 + i % 3 * 100, i));
        }
        return s.append("]}").toString();
    }

    /** The plan both runs use, unchanged: canary ring, a quarter, the rest. */
    RolloutPlan plan() {
        FailureThreshold threshold = new FailureThreshold(null, 50.0, 5, FailureAction.PAUSE);
        return new RolloutPlan("fw-2-0-0", "Firmware 2.0.0 to every pump", null,
                OperationSpec.firmwareUpdate(production.firmwareUri(), TARGET_VERSION, production.firmwareSha256),
                List.of(WaveSpec.condition("canary", "tags.ring = 'canary'").withFailureThreshold(threshold)
                                .withSuccessThreshold(50).withDeadline(settings.deadline()),
                        WaveSpec.percent("quarter", 25).withFailureThreshold(threshold).withSuccessThreshold(50)
                                .withDeadline(settings.deadline()),
                        WaveSpec.rest("rest").withFailureThreshold(threshold).withSuccessThreshold(50)
                                .withDeadline(settings.deadline())));
    }

    Outcome run() throws Exception {
        FaultSettings flaky = FaultSettings.of(FaultProfile.FLAKY);
        Path productionShape = Files.writeString(dir.resolve("production-shape.json"),
                productionShape(settings.devices()));
        Instant t = Instant.now();
        SimulatedFleet productionFleet = online(SimulatedFleet.start(production.fleetFetchingFrom(production)
                .shape(FleetShape.read(productionShape)).installJvmTrust(false).faults(flaky).seed(settings.productionSeed()).build()));
        Duration productionFleetStart = Duration.between(t, Instant.now());

        Map<String, String> before = twinVersions(production);
        FleetShapeCopy copy = new FleetShapeCopy(
                SdkSourceFleet.connect(production.info.serviceEndpoint(), production.info.serviceConnectionString()),
                SdkRehearsalHub.connect(rehearsal.info.serviceEndpoint(), rehearsal.info.serviceConnectionString()),
                Clock.systemUTC());
        CopyRequest request = CopyRequest.of(null, settings.scale(), settings.tier());
        CopyEstimate estimate = copy.estimate(request);
        CopyResult copied = copy.copy(request, estimate, null);
        Path shapeFile = dir.resolve("rehearsal-shape.json");
        copied.shape().write(shapeFile);
        Map<String, String> after = twinVersions(production);

        t = Instant.now();
        online(SimulatedFleet.start(rehearsal.fleetFetchingFrom(production).shape(FleetShape.read(shapeFile))
                .installJvmTrust(false).faults(flaky).seed(settings.rehearsalSeed()).build()));
        Duration rehearsalFleetStart = Duration.between(t, Instant.now());

        RolloutPlan plan = plan();
        t = Instant.now();
        RolloutReport rehearsed = runToEnd(plan, rehearsal.rolloutHub(), dir.resolve("home-rehearsal"));
        Duration rehearsalRun = Duration.between(t, Instant.now());
        t = Instant.now();
        RolloutReport live = runToEnd(plan, production.rolloutHub(), dir.resolve("home-live"));
        Duration liveRun = Duration.between(t, Instant.now());
        return new Outcome(estimate, copied, before, after, rehearsed, live,
                RehearsalComparison.of(rehearsed, live, settings.tier()), productionFleetStart, rehearsalFleetStart,
                rehearsalRun, liveRun);
    }

    private SimulatedFleet online(SimulatedFleet fleet) throws Exception {
        open.add(fleet);
        // a rehearsal hub playing S1 reads the copied devices' keys at 100 registry operations a minute
        fleet.allOnline().get(Math.max(120, settings.devices() * 3L / settings.tier().units()), TimeUnit.SECONDS);
        return fleet;
    }

    /** Runs the plan until it ends or pauses with nothing left in flight; returns its report. */
    private RolloutReport runToEnd(RolloutPlan plan, RolloutHub hub, Path home) throws Exception {
        EngineSettings engineSettings = EngineSettings.DEFAULTS.withIntervals(Duration.ofMillis(500),
                Duration.ofMillis(500)).withQueriesPerMinute(CopyRequest.defaultBudget(settings.tier()));
        FileRolloutStore store = new FileRolloutStore(home);
        RolloutLease lease = store.lease(plan.id(), "the rehearsal");
        RolloutEngine engine = RolloutEngine.create(plan, hub, store,
                AuditJournal.inHome(home, Clock.systemUTC()), Clock.systemUTC(), engineSettings);
        engine.start();
        RolloutRunner runner = RolloutRunner.start(engine, lease, ticker, Duration.ofMillis(200));
        Set<Phase> ended = Set.of(Phase.COMPLETED, Phase.ABORTED);
        await().atMost(Duration.ofMinutes(Math.max(3, settings.devices() / 10L))).pollInterval(Duration.ofMillis(500))
                .until(() -> ended.contains(engine.status().phase()) || engine.status().phase() == Phase.PAUSED
                        && engine.status().current().counts().inFlight() == 0);
        runner.close();
        return RolloutReport.of(engine.snapshot());
    }

    /** Every production twin's version (and etag and tags): what the copy must not change. */
    Map<String, String> twinVersions(LocalRehearsal stage) throws Exception {
        Map<String, String> versions = new TreeMap<>();
        for (JsonNode row : stage.query("SELECT * FROM devices")) {
            versions.put(row.path("deviceId").asText(), "version " + row.path("version").asText() + " etag "
                    + row.path("etag").asText() + " desired " + row.path("properties").path("desired")
                    .path("$version").asText() + " tags " + row.path("tags"));
        }
        return versions;
    }

    @Override
    public void close() throws Exception {
        ticker.shutdownNow();
        ticker.awaitTermination(10, TimeUnit.SECONDS);
        for (AutoCloseable c : open) {
            c.close();
        }
        rehearsal.close();
        production.close();
    }

    /** Figures for a log line or docs. */
    static Map<String, Object> figures(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("estimate", o.estimate().describe());
        m.put("copied", o.copy().shape().devices().size());
        m.put("copyQueries", o.copy().queries() + 1);
        m.put("copyTook", o.copy().took());
        m.put("productionFleetStart", o.productionFleetStart());
        m.put("rehearsalFleetStart", o.rehearsalFleetStart());
        m.put("rehearsalRun", o.rehearsalRun());
        m.put("liveRun", o.liveRun());
        m.put("predicted", o.comparison().predicted());
        m.put("actual", o.comparison().actual());
        return m;
    }
}
