package dev.twinops.rollout.engine;

import static dev.twinops.rollout.engine.EngineHarness.firmwarePlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.rollout.plan.WaveSpec;
import dev.twinops.rollout.store.RolloutLease;
import dev.twinops.rollout.store.RolloutStore;
import dev.twinops.rollout.testing.MemoryRolloutStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a rollout as other threads, listeners and the store see it, on the scripted hub: the engine reads as
 * finished only once its end is saved and published, and whatever shows the end shows the last wave's final
 * counts with it (a reader waiting for {@code isFinished()} once found the status still at the last wave running).
 */
class EndOfRolloutTest {

    @TempDir
    Path dir;

    /** A store that looks at the engine whenever the engine saves (in the middle of a tick), and can fail saves. */
    private static final class WatchingStore implements RolloutStore {
        final MemoryRolloutStore saved = new MemoryRolloutStore();
        final List<String> seen = new ArrayList<>();
        RolloutEngine engine;
        int failEndingSaves;

        @Override
        public void save(RolloutState state) throws IOException {
            if (engine != null && engine.isFinished() && !engine.status().phase().isTerminal()) {
                seen.add("finished while the published status is " + engine.status().phase() + " (saving "
                        + state.phase + ")");
            }
            if (state.phase.isTerminal() && failEndingSaves > 0) {
                failEndingSaves--;
                throw new IOException("disk full");
            }
            saved.save(state);
        }

        @Override
        public Optional<RolloutState> load(String rolloutId) throws IOException {
            return saved.load(rolloutId);
        }

        @Override
        public List<String> list() {
            return saved.list();
        }

        @Override
        public RolloutLease lease(String rolloutId, String holder) {
            return saved.lease(rolloutId, holder);
        }
    }

    private static EngineHarness fleetOf(Path dir, int devices) {
        EngineHarness h = new EngineHarness(dir);
        h.hub.devices("dev-", devices);
        return h;
    }

    private static void start(EngineHarness h, WatchingStore store) throws IOException {
        h.engine = RolloutEngine.create(firmwarePlan("end", WaveSpec.count("canary", 2), WaveSpec.rest("rest")),
                h.hub, store, h.journal, h.clock, h.settings);
        store.engine = h.engine;
        h.engine.start();
    }

    @Test
    void theEndIsSavedWithTheLastWavesFinalCountsBeforeAnyoneSeesIt() throws Exception {
        EngineHarness h = fleetOf(dir, 12);
        WatchingStore store = new WatchingStore();
        start(h, store);
        List<String> heard = new ArrayList<>();
        h.engine.addListener(new RolloutListener() {
            @Override
            public void onTransition(RolloutStatus status, String message) {
                check(status, message);
            }

            @Override
            public void onProgress(RolloutStatus status) {
                check(status, "progress");
            }

            private void check(RolloutStatus status, String message) {
                if (!status.phase().isTerminal()) {
                    return;
                }
                heard.add(message);
                RolloutState saved = load(store);
                assertThat(saved.phase).as("saved with %s", message).isEqualTo(status.phase());
                assertThat(RolloutStatus.of(saved).waves()).extracting(WaveStatus::counts)
                        .as("the saved counts of %s", message)
                        .isEqualTo(status.waves().stream().map(WaveStatus::counts).toList());
                assertThat(h.engine.isFinished()).isTrue();
            }
        });

        RolloutStatus end = h.runUntil(s -> {
            if (h.engine.isFinished()) {
                assertThat(s.phase()).isEqualTo(Phase.COMPLETED);
            }
            return h.engine.isFinished();
        }, 300);

        assertThat(store.seen).isEmpty();
        assertThat(heard).contains("rollout completed");
        WaveStatus last = end.waves().get(1);
        assertThat(last.step()).isEqualTo(WaveStep.DONE);
        assertThat(last.result()).isEqualTo("succeeded");
        assertThat(last.counts().succeeded()).isEqualTo(10);
        assertThat(last.counts().inFlight() + last.counts().waiting()).isZero();
        RolloutState saved = load(store);
        assertThat(saved.phase).isEqualTo(Phase.COMPLETED);
        assertThat(saved.waves.get(1).counts()).isEqualTo(last.counts());
    }

    @Test
    void anEndThatCouldNotBeSavedIsNotFinishedUntilALaterTickSavesIt() throws Exception {
        EngineHarness h = fleetOf(dir, 6);
        WatchingStore store = new WatchingStore();
        store.failEndingSaves = 1;
        start(h, store);

        RolloutStatus ended = h.runUntil(s -> s.phase().isTerminal(), 300);

        assertThat(h.engine.isFinished()).isFalse(); // a runner keeps ticking, so the end gets saved
        assertThat(ended.lastError()).startsWith("saving the rollout failed: disk full");
        assertThat(load(store).phase).isNotEqualTo(Phase.COMPLETED);

        h.runUntil(s -> h.engine.isFinished(), 20);

        assertThat(load(store).phase).isEqualTo(Phase.COMPLETED);
        assertThat(load(store).waves.get(1).counts().succeeded()).isEqualTo(4);
        assertThat(store.seen).isEmpty();
    }

    private static RolloutState load(WatchingStore store) {
        try {
            return store.load("end").orElseThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
