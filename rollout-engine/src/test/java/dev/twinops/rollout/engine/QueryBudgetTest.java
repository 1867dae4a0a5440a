package dev.twinops.rollout.engine;

import static dev.twinops.rollout.engine.EngineHarness.firmwarePlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.rollout.plan.FailureAction;
import dev.twinops.rollout.plan.FailureThreshold;
import dev.twinops.rollout.plan.WaveSpec;
import dev.twinops.rollout.testing.FakeRolloutHub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryBudgetTest {

    @TempDir
    Path dir;

    @Test
    void noMinuteEverSeesMoreQueriesThanTheBudget() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.settings = h.settings.withQueriesPerMinute(20);
        h.hub.devices("dev-", 1500);
        h.start(firmwarePlan("budget"));

        RolloutStatus done = h.runUntilPhase(Phase.COMPLETED, 5000);

        List<Instant> times = h.hub.queryTimes();
        for (Instant start : times) {
            Instant end = start.plus(Duration.ofMinutes(1));
            long inWindow = times.stream().filter(t -> !t.isBefore(start) && t.isBefore(end)).count();
            assertThat(inWindow).as("queries in the minute from %s", start).isLessThanOrEqualTo(20);
        }
        assertThat(done.queriesTotal()).isEqualTo(h.hub.queriesUsed());
        assertThat(done.queryBudgetPerMinute()).isEqualTo(20);
        assertThat(done.waves()).allSatisfy(w -> assertThat(w.counts().succeeded()).isEqualTo(w.counts().total()));
    }

    @Test
    void aRoundWhereNothingChangesCostsOneQueryWhateverTheWaveSize() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", 1000);
        h.hub.allDevices().forEach(d -> d.behaviour = FakeRolloutHub.hangs());
        h.start(firmwarePlan("quiet", WaveSpec.rest("all").withDeadline(Duration.ofHours(1))
                .withFailureThreshold(new FailureThreshold(1000, null, 1, FailureAction.PAUSE))));
        h.runUntil(s -> s.current().counts().inProgress() == 1000, 100);

        int rounds = 30;
        long before = h.hub.queriesUsed();
        for (int i = 0; i < rounds; i++) {
            h.engine.tick();
            h.clock.advance(Duration.ofSeconds(1));
        }
        long used = h.hub.queriesUsed() - before;

        // 1,000 devices in IN lists that fit a query: 2 detail queries, forced once every 10 quiet rounds
        assertThat(used).isLessThanOrEqualTo(rounds + 3 * 2);
        assertThat(used).isGreaterThanOrEqualTo(rounds);
        assertThat(h.engine.status().queriesLastRound()).isBetween(1, 3);
        assertThat(h.hub.maxQueryLength).isLessThan(8192);
    }
}
