package dev.twinops.rollout.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One device of a wave, as saved with the rollout's state. */
public final class DeviceRecord {

    public String deviceId;
    public int batch;
    public DeviceState state = DeviceState.WAITING;
    /** {@code Connected}/{@code Disconnected} when the wave started. */
    public String connectionAtStart;
    /** The last connection state a round read. */
    public String connectionState;
    public String operationId;
    public int attempt;
    public Instant dispatchedAt;
    public Instant finishedAt;
    public String errorCode;
    public String errorMessage;
    /** The reported phases of this request, in the order they were seen. */
    public List<PhaseMark> phases = new ArrayList<>();

    public DeviceRecord() {
    }

    public DeviceRecord(String deviceId, int batch) {
        this.deviceId = deviceId;
        this.batch = batch;
    }

    public boolean isConnectedAtStart() {
        return connectionAtStart == null || "Connected".equalsIgnoreCase(connectionAtStart);
    }

    void finish(DeviceState newState, Instant at, String code, String message) {
        state = newState;
        finishedAt = at;
        errorCode = code;
        errorMessage = message;
    }

    void markPhase(String status, Instant at) {
        if (status == null) {
            return;
        }
        if (phases.isEmpty() || !phases.get(phases.size() - 1).status().equals(status)) {
            phases.add(new PhaseMark(status, at));
        }
    }
}
