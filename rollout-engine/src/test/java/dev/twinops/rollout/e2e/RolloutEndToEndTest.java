package dev.twinops.rollout.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinops.rollout.audit.AuditEntry;
import dev.twinops.rollout.audit.AuditJournal;
import dev.twinops.rollout.engine.DeviceRecord;
import dev.twinops.rollout.engine.DeviceState;
import dev.twinops.rollout.engine.EngineSettings;
import dev.twinops.rollout.engine.PauseCause;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.engine.RolloutEngine;
import dev.twinops.rollout.engine.RolloutRunner;
import dev.twinops.rollout.engine.RolloutState;
import dev.twinops.rollout.engine.RolloutStatus;
import dev.twinops.rollout.engine.WaveState;
import dev.twinops.rollout.hub.DeviceSelection;
import dev.twinops.rollout.hub.RolloutQueries;
import dev.twinops.rollout.plan.FailureAction;
import dev.twinops.rollout.plan.FailureThreshold;
import dev.twinops.rollout.plan.OperationSpec;
import dev.twinops.rollout.plan.OperationType;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.plan.WaveSpec;
import dev.twinops.rollout.report.RolloutReport;
import dev.twinops.rollout.store.FileRolloutStore;
import dev.twinops.rollout.store.RolloutLease;
import dev.twinops.simulator.faults.FaultKind;
import dev.twinops.simulator.faults.FaultProfile;
import dev.twinops.simulator.faults.FaultSettings;
import dev.twinops.simulator.fleet.SimulatedFleet;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts on the real SDKs: the engine's jobs and queries through the service SDK against the local hub, a fleet
 * of 60 simulated devices on the device SDK carrying the firmware updates out: canary ring, 25 %, the rest.
 */
class RolloutEndToEndTest {

    private static final int DEVICES = 60;
    private static final EngineSettings FAST = EngineSettings.DEFAULTS.withIntervals(Duration.ofMillis(500),
            Duration.ofMillis(500));

    @TempDir
    static Path hubData;
    @TempDir
    Path home;

    static LocalRehearsal stage;
    private ScheduledExecutorService ticker;
    private final Map<String, RolloutLease> leases = new HashMap<>();

    @BeforeAll
    static void startHub() throws Exception {
        stage = new LocalRehearsal(hubData);
    }

    @AfterAll
    static void stopHub() {
        if (stage != null) {
            stage.close();
        }
    }

    @BeforeEach
    void startTicker() {
        ticker = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stopTicker() throws InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(10, TimeUnit.SECONDS);
        leases.values().forEach(RolloutLease::close);
    }

    private RolloutPlan plan(String id, String prefix, FailureThreshold threshold, double successThreshold) {
        Duration deadline = Duration.ofSeconds(40);
        return new RolloutPlan(id, null, "STARTSWITH(deviceId, '" + prefix + "')",
                OperationSpec.firmwareUpdate(stage.firmwareUri(), "2.0.0", stage.firmwareSha256),
                List.of(WaveSpec.condition("canary", "tags.ring = 'canary'").withFailureThreshold(threshold)
                                .withSuccessThreshold(successThreshold).withDeadline(deadline),
                        WaveSpec.percent("quarter", 25).withFailureThreshold(threshold)
                                .withSuccessThreshold(successThreshold).withDeadline(deadline),
                        WaveSpec.rest("rest").withFailureThreshold(threshold)
                                .withSuccessThreshold(successThreshold).withDeadline(deadline)));
    }

    private static SimulatedFleet online(SimulatedFleet fleet) throws Exception {
        fleet.allOnline().get(90, TimeUnit.SECONDS);
        return fleet;
    }

    private RolloutEngine engine(RolloutPlan plan) throws Exception {
        FileRolloutStore store = new FileRolloutStore(home);
        leases.put(plan.id(), store.lease(plan.id(), "the test"));
        RolloutEngine engine = RolloutEngine.create(plan, stage.rolloutHub(), store,
                AuditJournal.inHome(home, Clock.systemUTC()), Clock.systemUTC(), FAST);
        engine.start();
        return engine;
    }

    /** Ticks the engine under the lease its rollout was created or resumed with. */
    private RolloutRunner run(RolloutEngine engine) {
        return RolloutRunner.start(engine, leases.get(engine.rolloutId()), ticker, Duration.ofMillis(200));
    }

    private static RolloutStatus awaitPhase(RolloutEngine engine, Phase... phases) {
        Set<Phase> wanted = Set.of(phases);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> wanted.contains(engine.status().phase()));
        return engine.status();
    }

    /**
     * With seed 185 exactly one device of a flaky "flk-" fleet, flk-0012, fails its update; with 42 ten do, and a
     * randomly drawn canary of 3 holds two of them in about one rollout in fifteen, pausing it.
     */
    @Test
    void withAFlakyFleetEachWaveStaysUnderItsThresholdAndTheRolloutCompletes() throws Exception {
        try (SimulatedFleet fleet = online(SimulatedFleet.start(stage.fleet("flk-", DEVICES)
                .faults(FaultSettings.of(FaultProfile.FLAKY)).seed(185).build()))) {
            RolloutEngine engine = engine(plan("flaky", "flk-",
                    new FailureThreshold(null, 50.0, 5, FailureAction.PAUSE), 50));
            run(engine);

            RolloutStatus done = awaitPhase(engine, Phase.COMPLETED, Phase.PAUSED, Phase.ABORTED);

            assertThat(done.phase()).as(done.line()).isEqualTo(Phase.COMPLETED);
            assertThat(done.waves()).extracting(w -> w.counts().total()).containsExactly(3, 15, 42);
            assertThat(done.waves()).allSatisfy(w -> {
                assertThat(w.counts().inFlight() + w.counts().waiting()).isZero();
                assertThat(w.counts().successPercent()).isGreaterThanOrEqualTo(50);
            });
            assertThat(done.waves()).extracting(w -> w.counts().failed()).containsOnly(0, 1).contains(1);
            RolloutState state = engine.snapshot();
            long current = stage.query("SELECT COUNT() AS n FROM devices WHERE STARTSWITH(deviceId, 'flk-') AND "
                    + "properties.reported.firmwareVersion = '2.0.0'").get(0).path("n").asLong();
            long succeeded = state.waves.stream().mapToLong(w -> w.counts().succeeded()).sum();
            assertThat(current).isGreaterThanOrEqualTo(succeeded);
            assertThat(done.queriesTotal()).isPositive();
        }
    }

    @Test
    void aFailingCanaryPausesTheRolloutAndNoDeviceOutsideTheCanaryGetsTheMethod() throws Exception {
        try (SimulatedFleet fleet = online(SimulatedFleet.start(stage.fleet("dlf-", DEVICES)
                .faults(FaultSettings.NONE.with(FaultKind.DOWNLOAD_FAILURE, 1.0)).seed(7).build()))) {
            RolloutEngine engine = engine(plan("dlfail", "dlf-",
                    new FailureThreshold(null, 50.0, 3, FailureAction.PAUSE), 90));
            run(engine);

            RolloutStatus paused = awaitPhase(engine, Phase.PAUSED, Phase.COMPLETED, Phase.ABORTED);

            assertThat(paused.phase()).as(paused.line()).isEqualTo(Phase.PAUSED);
            assertThat(paused.pauseCause()).isEqualTo(PauseCause.FAILURE_THRESHOLD);
            assertThat(paused.currentWave()).isZero();
            WaveState canary = engine.snapshot().waves.get(0);
            assertThat(canary.devices).hasSize(3);
            assertThat(canary.devices.values()).allSatisfy(r -> {
                assertThat(r.state).isEqualTo(DeviceState.FAILED);
                assertThat(r.errorCode).isEqualTo("DOWNLOAD_FAILED");
            });

            // the hub's own records: job rows only for the canary, no update reported outside it, no wave-2 tags
            Set<String> canaryIds = canary.devices.keySet();
            List<JsonNode> jobRows = stage.query("SELECT * FROM devices.jobs WHERE devices.jobs.jobType = "
                    + "'scheduleDeviceMethod'");
            Set<String> methodTargets = jobRows.stream().filter(r -> r.path("jobId").asText().startsWith("dlfail-"))
                    .map(r -> r.path("deviceId").asText()).collect(Collectors.toSet());
            assertThat(methodTargets).isEqualTo(canaryIds);
            List<JsonNode> updated = stage.query("SELECT deviceId FROM devices WHERE STARTSWITH(deviceId, 'dlf-') "
                    + "AND IS_DEFINED(properties.reported.iothubDM.firmwareUpdate.status)");
            assertThat(updated).extracting(r -> r.path("deviceId").asText()).containsExactlyInAnyOrderElementsOf(
                    canaryIds);
            assertThat(stage.query("SELECT COUNT() AS n FROM devices WHERE tags.rollout.id = 'dlfail'").get(0)
                    .path("n").asInt()).isEqualTo(3);
            assertThat(AuditJournal.inHome(home, Clock.systemUTC()).entries()).extracting(AuditEntry::action)
                    .contains("wave.failure-threshold", "rollout.paused");
        }
    }

    @Test
    void aNewEngineFromTheStoreResumesARolloutStoppedMidwayAndCompletesIt() throws Exception {
        try (SimulatedFleet fleet = online(SimulatedFleet.start(stage.fleet("res-", DEVICES).build()))) {
            Instant started = Instant.now();
            RolloutEngine first = engine(plan("resume", "res-",
                    new FailureThreshold(null, 50.0, 5, FailureAction.PAUSE), 90));
            RolloutRunner runner = run(first);
            await().atMost(Duration.ofSeconds(90)).until(() -> first.status().currentWave() == 1
                    && first.status().phase() == Phase.RUNNING && first.status().current().counts().inFlight() > 0);
            runner.close(); // the console closes mid-rollout
            await().atMost(Duration.ofSeconds(10)).until(() -> !runner.isRunning());

            FileRolloutStore store = new FileRolloutStore(home);
            leases.put("resume", store.lease("resume", "the test")); // free again: the first runner has stopped
            RolloutState saved = store.load("resume").orElseThrow();
            RolloutEngine second = RolloutEngine.resume(saved, stage.rolloutHub(), store,
                    AuditJournal.inHome(home, Clock.systemUTC()), Clock.systemUTC(), FAST);
            run(second);

            RolloutStatus done = awaitPhase(second, Phase.COMPLETED, Phase.PAUSED, Phase.ABORTED);

            assertThat(done.phase()).as(done.line()).isEqualTo(Phase.COMPLETED);
            assertThat(done.waves()).allSatisfy(w -> assertThat(w.counts().succeeded()).isEqualTo(w.counts().total()));
            List<JsonNode> devices = stage.query("SELECT deviceId, properties.reported.firmwareVersion AS v, "
                    + "properties.reported.iothubDM.firmwareUpdate.operationId AS op, tags.rollout.wave AS wave "
                    + "FROM devices WHERE STARTSWITH(deviceId, 'res-')");
            assertThat(devices).hasSize(DEVICES).allSatisfy(d -> {
                assertThat(d.path("v").asText()).isEqualTo("2.0.0");
                // one request each: the first attempt of the device's own wave
                assertThat(d.path("op").asText()).isEqualTo("resume-w" + d.path("wave").asInt() + "-a1");
            });
            Set<String> all = new HashSet<>();
            for (WaveState w : second.snapshot().waves) {
                for (DeviceRecord r : w.devices.values()) {
                    assertThat(all.add(r.deviceId)).isTrue();
                }
            }
            assertThat(all).hasSize(DEVICES);
            assertThat(AuditJournal.inHome(home, Clock.systemUTC()).verify().intact()).isTrue();

            // the detail query reads when each status was written ($metadata), which the report's phase times use
            List<JsonNode> detail = stage.query(RolloutQueries.detailQuery(DeviceSelection.Wave.all("resume", 1),
                    OperationType.FIRMWARE_UPDATE));
            assertThat(detail).hasSize(3).allSatisfy(row -> {
                assertThat(row.path("section").path("status").asText()).isEqualTo("current");
                assertThat(Instant.parse(row.path("statusAt").asText())).isAfter(started);
            });
            RolloutReport report = RolloutReport.of(second.snapshot());
            assertThat(report.phaseTimes()).containsKey("rebooting");
            assertThat(report.phaseTimes().get("rebooting").p50()).isPositive();
        }
    }
}
