package dev.twinops.rollout.engine;

import dev.twinops.rollout.audit.AuditJournal;
import dev.twinops.rollout.plan.OperationSpec;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.plan.WaveSpec;
import dev.twinops.rollout.testing.FakeRolloutHub;
import dev.twinops.rollout.testing.MemoryRolloutStore;
import dev.twinops.rollout.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** A fake hub, a hand-moved clock, an in-memory store and a journal: an engine to drive tick by tick. */
final class EngineHarness {

    static final String SHA = "ab".repeat(32);

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final FakeRolloutHub hub = new FakeRolloutHub(clock);
    final MemoryRolloutStore store = new MemoryRolloutStore();
    final AuditJournal journal;
    EngineSettings settings = EngineSettings.DEFAULTS.withIntervals(Duration.ofSeconds(1), Duration.ofSeconds(1));
    RolloutEngine engine;
    int ticks;

    EngineHarness(Path dir) {
        journal = new AuditJournal(dir.resolve("journal.jsonl"), clock);
    }

    static RolloutPlan firmwarePlan(String id, WaveSpec... waves) {
        return new RolloutPlan(id, null, null, OperationSpec.firmwareUpdate("https://fw.example/fw-2.0.0.bin",
                "2.0.0", SHA), waves.length == 0 ? null : List.of(waves));
    }

    RolloutEngine start(RolloutPlan plan) throws IOException {
        engine = RolloutEngine.create(plan, hub, store, journal, clock, settings);
        engine.start();
        return engine;
    }

    /** Ticks once a second (clock time) until the condition holds; fails after {@code maxTicks}. */
    RolloutStatus runUntil(Predicate<RolloutStatus> condition, int maxTicks) {
        for (int i = 0; i < maxTicks; i++) {
            engine.tick();
            ticks++;
            if (condition.test(engine.status())) {
                return engine.status();
            }
            clock.advance(Duration.ofSeconds(1));
        }
        throw new AssertionError("not reached within " + maxTicks + " ticks; last status: " + engine.status().line());
    }

    RolloutStatus runUntilPhase(Phase phase, int maxTicks) {
        return runUntil(s -> s.phase() == phase, maxTicks);
    }

    /** Every device's final state and error code, the rollout's outcome as a test compares it. */
    static Map<String, String> outcome(RolloutState state) {
        Map<String, String> m = new TreeMap<>();
        m.put("(phase)", state.phase + " wave " + state.currentWave);
        for (WaveState w : state.waves) {
            for (DeviceRecord r : w.devices.values()) {
                m.put(r.deviceId, "w" + (w.index + 1) + " " + r.state + (r.errorCode == null ? "" : " " + r.errorCode));
            }
        }
        return m;
    }
}
