package dev.twinops.rollout.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.twinops.rollout.plan.RolloutPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a rollout needs to carry on after a restart: the plan, the phase, each wave's devices and the job
 * under way. Saved after every transition by the store; the hub holds the rest (tags, jobs, reported state).
 */
public final class RolloutState {

    public int formatVersion = 1;
    public String rolloutId;
    public RolloutPlan plan;
    public String hubHostName;
    public Phase phase = Phase.PLANNED;
    /** What the rollout was doing before it was paused. */
    public Phase pausedFrom;
    public PauseCause pauseCause;
    /** Why it is paused, aborted or waiting, in words. */
    public String reason;
    public int currentWave;
    public long targetTotal = -1;
    public Instant createdAt;
    public Instant updatedAt;
    public ActiveJob activeJob;
    /** Jobs to cancel (abort, pause): done on the next tick. */
    public List<String> jobsToCancel = new ArrayList<>();
    public List<WaveState> waves = new ArrayList<>();
    public long queriesTotal;
    /** Jobs API calls (create, get, cancel): IoT Hub throttles them apart from queries. */
    public long jobOperationsTotal;
    /** Counts saved transitions; a restarted engine goes on from the same number. */
    public long transitions;

    @JsonIgnore
    public WaveState wave() {
        return currentWave < waves.size() ? waves.get(currentWave) : null;
    }
}
