package dev.twinops.rollout.engine;

import static dev.twinops.rollout.engine.EngineHarness.firmwarePlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.rollout.audit.AuditEntry;
import dev.twinops.rollout.hub.HubCallException;
import dev.twinops.rollout.plan.FailureAction;
import dev.twinops.rollout.plan.FailureThreshold;
import dev.twinops.rollout.plan.OperationSpec;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.plan.WaveSpec;
import dev.twinops.rollout.testing.FakeRolloutHub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutEngineTest {

    @TempDir
    Path dir;

    private static final FailureThreshold NEVER = new FailureThreshold(1_000_000, null, 1, FailureAction.PAUSE);

    @Test
    void defaultWavesUpdateTheWholeTargetCanaryTenPercentThenTheRest() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 200);
        h.start(firmwarePlan("r1"));

        RolloutStatus done = h.runUntilPhase(Phase.COMPLETED, 600);

        assertThat(done.waves()).extracting(w -> w.counts().total()).containsExactly(2, 20, 178);
        assertThat(done.waves()).allSatisfy(w -> assertThat(w.counts().succeeded()).isEqualTo(w.counts().total()));
        assertThat(h.hub.allDevices()).allSatisfy(d -> {
            assertThat(d.received()).isEqualTo(1);
            assertThat(d.rolloutId).isEqualTo("r1");
        });
        assertThat(h.hub.activeJobRefusals).isZero();
        assertThat(h.journal.entries()).extracting(AuditEntry::action).contains("rollout.created",
                "rollout.started", "wave.started", "wave.method-job", "wave.completed", "rollout.completed");
        assertThat(h.journal.verify().intact()).isTrue();
    }

    @Test
    void theJournalNamesTheHubByItsLowerCaseHostNameAsSingleOperationsDo() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.hostName = "Plant-Hub.azure-devices.net";
        h.hub.devices("dev-", 3);
        h.start(firmwarePlan("r1", WaveSpec.rest("all")));

        h.runUntilPhase(Phase.COMPLETED, 120);

        assertThat(h.journal.entries()).isNotEmpty()
                .extracting(AuditEntry::hub).containsOnly("plant-hub.azure-devices.net");
    }

    @Test
    void canaryDevicesComeFromAllOverTheFleetNotTheFirstIds() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 100);
        h.start(firmwarePlan("spread", WaveSpec.count("canary", 5), WaveSpec.rest("rest")));
        h.runUntilPhase(Phase.COMPLETED, 300);

        List<String> canary = h.engine.snapshot().waves.get(0).devices.keySet().stream().sorted().toList();
        assertThat(canary).hasSize(5).isNotEqualTo(List.of("dev-0001", "dev-0002", "dev-0003", "dev-0004",
                "dev-0005"));
    }

    @Test
    void devicesAlreadyAtTheTargetVersionAreSkippedCountedAndNotSentTheMethod() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 20);
        for (int i = 1; i <= 4; i++) {
            h.hub.device(String.format("dev-%04d", i)).firmwareVersion = "2.0.0";
        }
        h.start(firmwarePlan("skip", WaveSpec.rest("all")));

        RolloutStatus done = h.runUntilPhase(Phase.COMPLETED, 200);

        WaveCounts c = done.waves().get(0).counts();
        assertThat(c.skipped()).isEqualTo(4);
        assertThat(c.succeeded()).isEqualTo(16);
        assertThat(h.hub.device("dev-0001").received()).isZero();
        assertThat(h.hub.device("dev-0001").rolloutId).isEqualTo("skip"); // still a member, visible in the hub
        assertThat(h.hub.device("dev-0005").received()).isEqualTo(1);
    }

    @Test
    void offlineDevicesAreCountedAndShownThenRetriedWhenBack() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 10);
        h.hub.device("dev-0003").connected = false;
        h.hub.device("dev-0007").connected = false;
        h.start(firmwarePlan("offline", WaveSpec.rest("all").withSuccessThreshold(90)));

        RolloutStatus paused = h.runUntilPhase(Phase.PAUSED, 200);

        WaveCounts c = paused.waves().get(0).counts();
        assertThat(c.offlineAtStart()).isEqualTo(2);
        assertThat(c.offline()).isEqualTo(2);
        assertThat(c.succeeded()).isEqualTo(8);
        assertThat(paused.pauseCause()).isEqualTo(PauseCause.SUCCESS_THRESHOLD);
        assertThat(paused.reason()).contains("80 %").contains("90 %");
        assertThat(h.engine.snapshot().waves.get(0).devices.get("dev-0003").errorCode).isEqualTo("DEVICE_NOT_ONLINE");

        h.hub.device("dev-0003").connected = true;
        h.hub.device("dev-0007").connected = true;
        assertThat(h.engine.retryFailed()).isNotDone();
        RolloutStatus done = h.runUntilPhase(Phase.COMPLETED, 200);

        assertThat(done.waves().get(0).counts().succeeded()).isEqualTo(10);
        assertThat(h.hub.device("dev-0003").operationIds).containsExactly("offline-w1-a2");
        assertThat(h.hub.device("dev-0001").operationIds).containsExactly("offline-w1-a1");
    }

    @Test
    void aFailingCanaryPausesTheRolloutAndNoLaterDeviceIsTaggedOrSentTheMethod() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 100);
        h.hub.allDevices().forEach(d -> d.behaviour = FakeRolloutHub.failsWith("DOWNLOAD_FAILED"));
        h.start(firmwarePlan("bad", WaveSpec.count("canary", 5)
                        .withFailureThreshold(new FailureThreshold(null, 50.0, 3, FailureAction.PAUSE)),
                WaveSpec.rest("rest")));

        RolloutStatus paused = h.runUntilPhase(Phase.PAUSED, 200);

        assertThat(paused.pauseCause()).isEqualTo(PauseCause.FAILURE_THRESHOLD);
        assertThat(paused.reason()).contains("wave 1 (canary): 5 of 5 devices failed").contains("50 % of the wave");
        assertThat(h.hub.allDevices().stream().filter(d -> d.received() > 0)).hasSize(5);
        assertThat(h.hub.allDevices().stream().filter(d -> d.rolloutId != null)).hasSize(5)
                .allSatisfy(d -> assertThat(d.wave).isEqualTo(1));

        for (int i = 0; i < 100; i++) { // paused: nothing new starts however long it waits
            h.engine.tick();
            h.clock.advance(Duration.ofSeconds(5));
        }
        assertThat(h.engine.status().phase()).isEqualTo(Phase.PAUSED);
        assertThat(h.hub.allDevices().stream().filter(d -> d.received() > 0)).hasSize(5);
        assertThat(h.engine.snapshot().waves.get(0).devices.values()).allSatisfy(r ->
                assertThat(r.errorCode).isEqualTo("DOWNLOAD_FAILED"));
    }

    @Test
    void theFailureThresholdWaitsForItsMinimumOfFinishedDevices() throws Exception {
        for (int minimum : new int[] {1, 10}) {
            EngineHarness h = new EngineHarness(dir.resolve("min" + minimum));
            h.hub.devices("dev-", 10);
            h.hub.device("dev-0001").behaviour = FakeRolloutHub.failsWith("APPLY_FAILED");
            h.hub.device("dev-0002").behaviour = FakeRolloutHub.failsWith("APPLY_FAILED");
            h.start(firmwarePlan("min" + minimum, WaveSpec.rest("all")
                    .withFailureThreshold(new FailureThreshold(2, null, minimum, FailureAction.PAUSE))));

            RolloutStatus paused = h.runUntilPhase(Phase.PAUSED, 200);

            assertThat(paused.pauseCause()).isEqualTo(PauseCause.FAILURE_THRESHOLD);
            // the two failures come back first: with a minimum of 1 they stop the wave at once, with 10 only
            // once every device has finished
            assertThat(paused.current().counts().succeeded()).isEqualTo(minimum == 1 ? 0 : 8);
        }
    }

    @Test
    void aFailureCountWithTheAbortActionAbortsAndCancelsTheJobUnderWay() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 40);
        h.hub.deliveriesPerSecond = 1; // the job reaches one device a second: still running when failures come
        h.hub.allDevices().forEach(d -> d.behaviour = FakeRolloutHub.failsWith("CHECKSUM_MISMATCH"));
        h.start(firmwarePlan("abort", WaveSpec.rest("all")
                .withFailureThreshold(new FailureThreshold(3, null, 1, FailureAction.ABORT))));

        RolloutStatus aborted = h.runUntilPhase(Phase.ABORTED, 200);
        h.engine.tick(); // carries out the cancellation

        assertThat(aborted.reason()).contains("3 failed devices");
        long reached = h.hub.allDevices().stream().filter(d -> d.received() > 0).count();
        h.clock.advance(Duration.ofMinutes(5));
        h.engine.tick();
        h.hub.jobOutcomes(h.hub.jobIds().get(h.hub.jobIds().size() - 1)); // lets the fake deliver what is due
        assertThat(h.hub.allDevices().stream().filter(d -> d.received() > 0).count()).isEqualTo(reached)
                .isLessThan(40);
        assertThat(h.journal.entries()).extracting(AuditEntry::action).contains("rollout.aborted");
    }

    @Test
    void theSuccessThresholdGatesTheNextWaveUntilTheOperatorResumes() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 20);
        String first = h.hub.allDevices().stream().map(d -> d.id)
                .min(Comparator.comparing(id -> WaveAssigner.order("gate", id))).orElseThrow();
        h.hub.device(first).behaviour = FakeRolloutHub.hangs();
        h.start(firmwarePlan("gate", WaveSpec.count("first", 4).withSuccessThreshold(100)
                .withDeadline(Duration.ofSeconds(60)).withFailureThreshold(NEVER), WaveSpec.rest("rest")));

        RolloutStatus paused = h.runUntilPhase(Phase.PAUSED, 200);

        assertThat(paused.pauseCause()).isEqualTo(PauseCause.SUCCESS_THRESHOLD);
        assertThat(paused.waves().get(0).counts().stuck()).isEqualTo(1);
        assertThat(h.engine.snapshot().waves.get(0).devices.get(first).errorMessage)
                .contains("last reported downloading");
        assertThat(h.hub.allDevices().stream().filter(d -> d.rolloutId != null)).hasSize(4);

        h.engine.resume();
        RolloutStatus done = h.runUntilPhase(Phase.COMPLETED, 200);

        assertThat(done.waves().get(0).result()).isEqualTo("continued below success threshold");
        assertThat(done.waves().get(1).counts().succeeded()).isEqualTo(16);
    }

    @Test
    void aSoakTimeHoldsTheNextWave() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 10);
        h.start(firmwarePlan("soak", WaveSpec.count("first", 2).withSoak(Duration.ofMinutes(10)),
                WaveSpec.rest("rest")));

        RolloutStatus soaking = h.runUntilPhase(Phase.SOAKING, 100);
        Instant soakUntil = soaking.waves().get(0).soakUntil();
        h.runUntil(s -> !h.clock.instant().isBefore(soakUntil.minusSeconds(2)), 700);
        assertThat(h.engine.status().phase()).isEqualTo(Phase.SOAKING);
        assertThat(h.hub.allDevices().stream().filter(d -> d.rolloutId != null)).hasSize(2);

        h.runUntilPhase(Phase.COMPLETED, 100);
        assertThat(h.engine.snapshot().waves.get(1).startedAt).isAfterOrEqualTo(soakUntil);
    }

    @Test
    void anApprovalGateWaitsForTheOperator() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 10);
        h.start(firmwarePlan("gate", WaveSpec.count("first", 2), WaveSpec.rest("rest").withApproval(true)));

        RolloutStatus waiting = h.runUntilPhase(Phase.AWAITING_APPROVAL, 100);
        assertThat(waiting.reason()).contains("wave 2 (rest) waits for approval");
        int jobs = h.hub.jobIds().size();
        for (int i = 0; i < 50; i++) {
            h.engine.tick();
            h.clock.advance(Duration.ofSeconds(10));
        }
        assertThat(h.hub.jobIds()).hasSize(jobs);
        assertThat(h.engine.resume().getNow(null)).isNull(); // carried out by the next tick

        var approved = h.engine.approve();
        h.runUntilPhase(Phase.COMPLETED, 100);
        assertThat(approved.join().accepted()).isTrue();
        assertThat(h.journal.entries()).extracting(AuditEntry::action).contains("wave.approved");
    }

    @Test
    void commandsThatDoNotFitThePhaseAreRefusedWithAReason() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 3);
        h.start(firmwarePlan("cmd", WaveSpec.rest("all")));
        var approve = h.engine.approve();
        var resume = h.engine.resume();
        h.engine.tick();
        assertThat(approve.join()).isEqualTo(new CommandResult(false, "no wave waits for approval (ASSIGNING)"));
        assertThat(resume.join().accepted()).isFalse();
    }

    @Test
    void aRateStartsBatchesAMinuteApartAndPauseHoldsThemUntilResume() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 30);
        h.start(firmwarePlan("rate", WaveSpec.rest("all").withRatePerMinute(10)));

        h.runUntil(s -> h.hub.jobIds().stream().anyMatch(j -> j.contains("-b0")), 100);
        h.engine.pause();
        h.runUntilPhase(Phase.PAUSED, 5);
        for (int i = 0; i < 300; i++) {
            h.engine.tick();
            h.clock.advance(Duration.ofSeconds(1));
        }
        assertThat(h.hub.jobIds().stream().filter(j -> j.contains("-a1-b"))).hasSize(1);
        h.engine.resume();
        RolloutStatus done = h.runUntilPhase(Phase.COMPLETED, 400);

        List<String> methodJobs = h.hub.jobIds().stream().filter(j -> j.contains("-a1-b")).toList();
        assertThat(methodJobs).hasSize(3);
        for (int i = 1; i < methodJobs.size(); i++) {
            assertThat(Duration.between(h.hub.jobStart(methodJobs.get(i - 1)), h.hub.jobStart(methodJobs.get(i))))
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(1));
        }
        assertThat(methodJobs).allSatisfy(j -> assertThat(h.hub.jobDeviceCount(j)).isEqualTo(10));
        assertThat(done.waves().get(0).counts().succeeded()).isEqualTo(30);
    }

    @Test
    void pausingCancelsTheJobUnderWayAndResumingSendsTheDevicesItDidNotReach() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 20);
        h.hub.deliveriesPerSecond = 1;
        h.start(firmwarePlan("cancel", WaveSpec.rest("all")));
        h.runUntil(s -> h.hub.allDevices().stream().filter(d -> d.received() > 0).count() >= 3, 100);

        h.engine.pause();
        h.runUntil(s -> s.phase() == Phase.PAUSED && s.activeJobId() == null, 50);
        long reached = h.hub.allDevices().stream().filter(d -> d.received() > 0).count();
        assertThat(reached).isLessThan(20);
        assertThat(h.engine.status().current().counts().waiting()).isEqualTo(20 - (int) reached);

        h.engine.resume();
        h.runUntilPhase(Phase.COMPLETED, 200);
        assertThat(h.hub.allDevices()).allSatisfy(d -> assertThat(d.received()).isEqualTo(1));
    }

    @Test
    void retryFailedSendsTheOperationAgainUnderANewOperationId() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 10);
        for (String id : List.of("dev-0002", "dev-0005", "dev-0009")) {
            h.hub.device(id).behaviour = FakeRolloutHub.failsFirstThenSucceeds("DOWNLOAD_FAILED");
        }
        h.start(firmwarePlan("retry", WaveSpec.rest("all").withSuccessThreshold(90).withFailureThreshold(
                new FailureThreshold(5, null, 1, FailureAction.PAUSE))));

        RolloutStatus paused = h.runUntilPhase(Phase.PAUSED, 200);
        assertThat(paused.waves().get(0).counts().failed()).isEqualTo(3);

        var retry = h.engine.retryFailed();
        RolloutStatus done = h.runUntilPhase(Phase.COMPLETED, 200);

        assertThat(retry.join().message()).isEqualTo("retrying 3 devices");
        assertThat(done.waves().get(0).counts().succeeded()).isEqualTo(10);
        assertThat(h.hub.device("dev-0005").operationIds).containsExactly("retry-w1-a1", "retry-w1-a2");
        assertThat(h.hub.device("dev-0001").operationIds).containsExactly("retry-w1-a1");
    }

    @Test
    void aConditionWaveIsTaggedByOneJobOverItsCondition() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 40);
        h.hub.condition("tags.ring = 'canary'", d -> d.id.endsWith("1"));
        h.start(firmwarePlan("ring", WaveSpec.condition("canary", "tags.ring = 'canary'"), WaveSpec.rest("rest")));

        RolloutStatus done = h.runUntilPhase(Phase.COMPLETED, 300);

        assertThat(done.waves().get(0).counts().total()).isEqualTo(4);
        assertThat(h.hub.device("dev-0011").wave).isEqualTo(1);
        assertThat(h.hub.device("dev-0012").wave).isEqualTo(2);
        assertThat(h.hub.jobIds()).contains("ring-w1-t0").doesNotContain("ring-w1-t1");
    }

    @Test
    void aRebootRolloutIsJudgedByTheRebootSection() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 5);
        h.hub.allDevices().forEach(d -> d.behaviour = attempt -> List.of(
                new FakeRolloutHub.Step(Duration.ofSeconds(1), "rebooting", null),
                new FakeRolloutHub.Step(Duration.ofSeconds(3), "completed", null)));
        h.engine = dev.twinops.rollout.engine.RolloutEngine.create(new RolloutPlan("boot", null, null,
                OperationSpec.reboot(), List.of(WaveSpec.rest("all"))), h.hub, h.store, h.journal, h.clock,
                h.settings);
        h.engine.start();

        RolloutStatus done = h.runUntilPhase(Phase.COMPLETED, 100);
        assertThat(done.waves().get(0).counts().succeeded()).isEqualTo(5);
        assertThat(h.hub.device("dev-0001").methodName).isEqualTo("reboot");
    }

    @Test
    void aPlainMethodSucceedsByItsAnswerAndARefusalFailsTheDevice() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 6);
        h.hub.device("dev-0004").behaviour = FakeRolloutHub.refuses();
        h.engine = RolloutEngine.create(new RolloutPlan("mode", null, null, OperationSpec.method("setMode",
                        new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"mode\":\"eco\"}")),
                        List.of(WaveSpec.rest("all").withSuccessThreshold(80).withFailureThreshold(NEVER))),
                h.hub, h.store, h.journal, h.clock, h.settings);
        h.engine.start();

        RolloutStatus done = h.runUntilPhase(Phase.COMPLETED, 100);
        assertThat(done.waves().get(0).counts().succeeded()).isEqualTo(5);
        DeviceRecord refused = h.engine.snapshot().waves.get(0).devices.get("dev-0004");
        assertThat(refused.state).isEqualTo(DeviceState.FAILED);
        assertThat(refused.errorCode).isEqualTo("STATUS_403");
    }

    @Test
    void aFailedHubCallIsRetriedAndShownMeanwhile() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 5);
        h.start(firmwarePlan("flaky-hub", WaveSpec.rest("all")));
        h.runUntilPhase(Phase.RUNNING, 50);
        h.hub.failNextCall(new HubCallException(HubCallException.Kind.OTHER, "connection reset"));
        RolloutStatus failing = h.runUntil(s -> s.lastError() != null, 10);
        assertThat(failing.lastError()).isEqualTo("connection reset");

        RolloutStatus done = h.runUntilPhase(Phase.COMPLETED, 100);
        assertThat(done.lastError()).isNull();
        assertThat(done.waves().get(0).counts().succeeded()).isEqualTo(5);
    }

    @Test
    void aRequestTheHubRefusesPausesTheRolloutWithTheHubsReason() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 5);
        h.hub.failNextCall(new HubCallException(HubCallException.Kind.BAD_REQUEST,
                "the hub refused the request: Syntax error at position 12"));
        h.start(firmwarePlan("refused", WaveSpec.rest("all")));

        RolloutStatus paused = h.runUntilPhase(Phase.PAUSED, 20);

        assertThat(paused.pauseCause()).isEqualTo(PauseCause.HUB_ERROR);
        assertThat(paused.reason()).contains("Syntax error at position 12").contains("check the plan's target");
        h.engine.resume();
        assertThat(h.runUntilPhase(Phase.COMPLETED, 100).waves().get(0).counts().succeeded()).isEqualTo(5);
    }

    @Test
    void anOperatorAbortEndsTheRolloutCancelsItsJobAndRefusesLaterCommands() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 30);
        h.hub.deliveriesPerSecond = 1;
        h.start(firmwarePlan("stop", WaveSpec.count("first", 20), WaveSpec.rest("rest")));
        h.runUntil(s -> h.hub.allDevices().stream().filter(d -> d.received() > 0).count() >= 2, 100);

        var abort = h.engine.abort();
        RolloutStatus aborted = h.runUntilPhase(Phase.ABORTED, 5);
        h.clock.advance(Duration.ofMinutes(1));
        h.engine.tick();

        assertThat(abort.join().accepted()).isTrue();
        assertThat(aborted.reason()).isEqualTo("aborted by the operator");
        assertThat(h.hub.allDevices().stream().filter(d -> d.received() > 0).count()).isLessThan(20);
        assertThat(h.hub.allDevices().stream().filter(d -> d.wave != null && d.wave == 2)).isEmpty();
        var resume = h.engine.resume();
        h.engine.tick();
        assertThat(resume.join().accepted()).isFalse();
        assertThat(h.journal.entries()).extracting(AuditEntry::action).contains("rollout.aborted");
    }
}
