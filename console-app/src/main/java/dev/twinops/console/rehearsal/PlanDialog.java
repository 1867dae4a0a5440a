package dev.twinops.console.rehearsal;

import java.util.function.Consumer;

import dev.twinops.rollout.plan.RolloutPlan;

/** The rollout plan dialog, handing a valid plan to the rehearsal instead of starting it itself. */
@FunctionalInterface
public interface PlanDialog {

    void open(String condition, long count, String targetsInWords, String title, Consumer<RolloutPlan> start);
}
