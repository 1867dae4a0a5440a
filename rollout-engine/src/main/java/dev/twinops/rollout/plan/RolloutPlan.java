package dev.twinops.rollout.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * A staged rollout: which devices ({@code target}, a twin query condition; empty for every device), what to do
 * ({@code operation}) and in which ordered {@code waves}. Read and written as JSON by {@link PlanJson}, which
 * validates it and fills in the defaults.
 *
 * @param id     short id used in job ids and twin tags (lower-case letters, digits, '-'; at most 32), or null to
 *               let the engine choose one
 */
public record RolloutPlan(String id, String name, String target, OperationSpec operation, List<WaveSpec> waves) {

    public static final String EVERY_DEVICE = "IS_DEFINED(deviceId)";

    public RolloutPlan {
        waves = waves == null ? null : List.copyOf(waves);
    }

    /** Canary 1 % (at least one device), then 10 %, then the rest. */
    public static List<WaveSpec> defaultWaves() {
        return List.of(WaveSpec.percent("canary", 1), WaveSpec.percent("early", 10), WaveSpec.rest("rest"));
    }

    public RolloutPlan withId(String newId) {
        return new RolloutPlan(newId, name, target, operation, waves);
    }

    public RolloutPlan withWaves(List<WaveSpec> newWaves) {
        return new RolloutPlan(id, name, target, operation, newWaves);
    }

    /** The same plan with every unset setting at its default (waves, thresholds, timeouts). */
    public RolloutPlan withDefaults() {
        List<WaveSpec> source = waves == null || waves.isEmpty() ? defaultWaves() : waves;
        List<WaveSpec> filled = new ArrayList<>(source.size());
        for (int i = 0; i < source.size(); i++) {
            filled.add(source.get(i).withDefaults("wave " + (i + 1)));
        }
        String t = target == null ? "" : target.strip();
        return new RolloutPlan(id, name == null || name.isBlank() ? operation.describe() : name, t,
                operation.withDefaults(), filled);
    }

    /** The condition that selects the target devices in a query or job. */
    public String targetCondition() {
        return target == null || target.isBlank() ? EVERY_DEVICE : target.strip();
    }
}
