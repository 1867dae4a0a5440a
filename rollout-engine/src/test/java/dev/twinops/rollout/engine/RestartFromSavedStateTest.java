package dev.twinops.rollout.engine;

import static dev.twinops.rollout.engine.EngineHarness.firmwarePlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.rollout.plan.FailureAction;
import dev.twinops.rollout.plan.FailureThreshold;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.plan.WaveSpec;
import dev.twinops.rollout.store.FileRolloutStore;
import dev.twinops.rollout.testing.FakeRolloutHub;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine stops right after any one of its saves (a crash, or the console closing) and a new engine made from
 * that saved state carries on against the same hub: the rollout ends the same way, device for device, and no
 * device gets the operation twice.
 */
class RestartFromSavedStateTest {

    @TempDir
    Path dir;

    private static RolloutPlan plan() {
        FailureThreshold threshold = new FailureThreshold(5, null, 1, FailureAction.PAUSE);
        return firmwarePlan("restart",
                WaveSpec.count("canary", 4).withFailureThreshold(threshold).withSuccessThreshold(75),
                WaveSpec.percent("quarter", 25).withRatePerMinute(5).withFailureThreshold(threshold)
                        .withSuccessThreshold(75),
                WaveSpec.rest("rest").withApproval(true).withFailureThreshold(threshold).withSuccessThreshold(75));
    }

    /** The same fleet every time: one at the target, one offline, two failing, the rest fine. */
    private static EngineHarness harness(Path dir) {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 40);
        h.hub.device("dev-0003").firmwareVersion = "2.0.0";
        h.hub.device("dev-0010").connected = false;
        h.hub.device("dev-0017").behaviour = FakeRolloutHub.failsWith("APPLY_FAILED");
        h.hub.device("dev-0031").behaviour = FakeRolloutHub.failsWith("DOWNLOAD_FAILED");
        return h;
    }

    /** Ticks to the end, approving gates as an operator would. */
    private static void drive(EngineHarness h, int maxTicks) {
        h.runUntil(s -> {
            if (s.phase() == Phase.AWAITING_APPROVAL) {
                h.engine.approve();
            }
            return s.phase().isTerminal();
        }, maxTicks);
    }

    @Test
    void aNewEngineFromTheStateSavedAtAnyTransitionEndsTheRolloutTheSameWay() throws Exception {
        EngineHarness baseline = harness(dir.resolve("baseline"));
        baseline.start(plan());
        drive(baseline, 2000);
        Map<String, String> expected = EngineHarness.outcome(baseline.engine.snapshot());
        int saves = baseline.store.history().size();
        assertThat(expected.get("(phase)")).isEqualTo("COMPLETED wave 2");
        assertThat(expected.values()).anyMatch(v -> v.endsWith("SKIPPED")).anyMatch(v -> v.endsWith("APPLY_FAILED"))
                .anyMatch(v -> v.contains("OFFLINE")).noneMatch(v -> v.contains("WAITING"));
        assertThat(saves).isGreaterThan(20);

        for (int stopAfter = 1; stopAfter <= saves; stopAfter++) {
            EngineHarness h = harness(dir.resolve("run" + stopAfter));
            h.start(plan());
            int target = stopAfter;
            h.runUntil(s -> {
                if (s.phase() == Phase.AWAITING_APPROVAL) {
                    h.engine.approve();
                }
                return h.store.history().size() >= target;
            }, 2000);

            String saved = h.store.history().get(stopAfter - 1);
            h.engine = RolloutEngine.resume(FileRolloutStore.fromJson(saved), h.hub, h.store, h.journal, h.clock,
                    h.settings);
            if (h.engine.status().phase() == Phase.PLANNED) { // saved before the start command was carried out
                h.engine.start();
            }
            drive(h, 2000);

            assertThat(EngineHarness.outcome(h.engine.snapshot())).as("restarted after save %d of %d", stopAfter,
                    saves).isEqualTo(expected);
            List<FakeRolloutHub.Device> devices = h.hub.allDevices();
            assertThat(devices).as("after save %d", stopAfter).allSatisfy(d ->
                    assertThat(d.received()).isLessThanOrEqualTo(1));
            assertThat(h.hub.activeJobRefusals).isZero();
        }
    }
}
