package dev.twinops.rollout.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.twinops.rollout.plan.WaveSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One wave's progress, as saved with the rollout's state. */
public final class WaveState {

    public int index;
    public String name;
    public WaveStep step = WaveStep.PENDING;
    /** Devices chosen, in dispatch order; for a condition wave, filled from the hub after tagging. */
    public Map<String, DeviceRecord> devices = new LinkedHashMap<>();
    /** Tag jobs: whether one job by condition tags the wave, else one per id chunk. */
    public boolean tagByCondition;
    public int tagJobsDone;
    /** Bumped when a failed tag job is tried again, so the new job gets a new id. */
    public int tagGeneration;
    /** Devices chosen but not found tagged afterwards (e.g. deleted meanwhile). */
    public int notTagged;
    public int attempt = 1;
    public int batches;
    public int nextBatch;
    /** With a rate, when the next batch may go (a minute after the last one). */
    public Instant nextBatchAt;
    /** Devices to send the operation (again) by id: retries, and devices a cancelled job never reached. */
    public List<String> redispatch = new ArrayList<>();
    public int redispatchJobs;
    public Instant startedAt;
    public Instant dispatchStartedAt;
    public Instant deadlineAt;
    public Instant soakUntil;
    public Instant finishedAt;
    public List<String> jobIds = new ArrayList<>();
    public boolean failureThresholdOverridden;
    public boolean successThresholdOverridden;
    /** The last aggregate (status counts) seen; a change means a detail read is due. */
    public String lastAggregate;
    public Map<String, Long> reportedStatusCounts = new LinkedHashMap<>();
    /** Rounds since the last detail read: one is forced now and then, in case a change hid in the counts. */
    public int roundsSinceDetail;
    public boolean detailDue;
    /** Where the next partial detail read starts, when the budget allows only some chunks a round. */
    public int detailCursor;
    public String result;
    /** Twin queries (pages) sent while this wave was the current one; the count before wave 1 included. */
    public long queries;
    /** Jobs API calls (create, get, cancel) made while this wave was the current one. */
    public long jobOperations;
    /** What paused or aborted the rollout while on this wave, in order ("FAILURE_THRESHOLD: wave 1 ..."). */
    public List<String> pausedBy = new ArrayList<>();

    public WaveState() {
    }

    WaveState(int index, WaveSpec spec) {
        this.index = index;
        this.name = spec.name();
    }

    @JsonIgnore
    public List<String> idsIn(DeviceState... states) {
        List<String> ids = new ArrayList<>();
        for (DeviceRecord r : devices.values()) {
            for (DeviceState s : states) {
                if (r.state == s) {
                    ids.add(r.deviceId);
                    break;
                }
            }
        }
        return ids;
    }

    @JsonIgnore
    public WaveCounts counts() {
        return WaveCounts.of(devices.values());
    }
}
