package dev.twinops.console.progress;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.twinops.console.devices.DeviceSnapshot;

/**
 * Hand-over from the progress monitor to the FX thread: the latest value per device row, per device snapshot and
 * per operation summary, however many arrive between two drains. The first value after a drain asks for one
 * (throttled) drain; the FX thread takes everything at once, so a round over 1,000 devices costs one UI update.
 */
public final class ProgressUpdates implements ProgressSink {

    /** A device row's operation column: which operation, its label, and the device's progress in it. */
    public record RowUpdate(String operationId, String label, DeviceProgress progress) {
    }

    /** Everything since the last drain. Summaries come before rows, removals last. */
    public record Batch(List<OperationSummary> summaries, List<RowUpdate> rows, List<DeviceSnapshot> snapshots,
                        Set<String> removed) {
        public boolean isEmpty() {
            return summaries.isEmpty() && rows.isEmpty() && snapshots.isEmpty() && removed.isEmpty();
        }
    }

    private final Runnable requestDrain;
    private LinkedHashMap<String, OperationSummary> summaries = new LinkedHashMap<>();
    private LinkedHashMap<String, RowUpdate> rows = new LinkedHashMap<>();
    private LinkedHashMap<String, DeviceSnapshot> snapshots = new LinkedHashMap<>();
    private LinkedHashSet<String> removed = new LinkedHashSet<>();
    private boolean pending;

    /** @param requestDrain asks for a {@link #drain()} on the FX thread soon (throttled, from any thread) */
    public ProgressUpdates(Runnable requestDrain) {
        this.requestDrain = requestDrain;
    }

    @Override
    public void device(String operationId, String rowLabel, DeviceProgress progress) {
        offer(() -> rows.put(progress.deviceId() + '\n' + operationId, new RowUpdate(operationId, rowLabel, progress)));
    }

    @Override
    public void snapshot(DeviceSnapshot snapshot) {
        offer(() -> snapshots.put(snapshot.deviceId(), snapshot));
    }

    @Override
    public void summary(OperationSummary summary) {
        offer(() -> {
            summaries.put(summary.operationId(), summary);
            removed.remove(summary.operationId());
        });
    }

    @Override
    public void removed(String operationId) {
        offer(() -> {
            summaries.remove(operationId);
            rows.values().removeIf(r -> r.operationId().equals(operationId));
            removed.add(operationId);
        });
    }

    private void offer(Runnable change) {
        boolean first;
        synchronized (this) {
            change.run();
            first = !pending;
            pending = true;
        }
        if (first) {
            requestDrain.run();
        }
    }

    public synchronized Batch drain() {
        Batch batch = new Batch(List.copyOf(summaries.values()), List.copyOf(rows.values()),
                List.copyOf(snapshots.values()), Set.copyOf(removed));
        summaries = new LinkedHashMap<>();
        rows = new LinkedHashMap<>();
        snapshots = new LinkedHashMap<>();
        removed = new LinkedHashSet<>();
        pending = false;
        return batch;
    }
}
