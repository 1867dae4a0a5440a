package dev.twinops.console.progress;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hand-over from the progress monitor to the progress panel on the FX thread: the latest summary per operation,
 * however many arrive between two drains. The first value after a drain asks for one (throttled) drain; the FX
 * thread takes everything at once. (Device rows go to the device list: {@link RowProgressFeed}.)
 */
public final class ProgressUpdates implements ProgressSink {

    /** Everything since the last drain. Summaries come before removals. */
    public record Batch(List<OperationSummary> summaries, Set<String> removed) {
        public boolean isEmpty() {
            return summaries.isEmpty() && removed.isEmpty();
        }
    }

    private final Runnable requestDrain;
    private LinkedHashMap<String, OperationSummary> summaries = new LinkedHashMap<>();
    private LinkedHashSet<String> removed = new LinkedHashSet<>();
    private boolean pending;

    /** @param requestDrain asks for a {@link #drain()} on the FX thread soon (throttled, from any thread) */
    public ProgressUpdates(Runnable requestDrain) {
        this.requestDrain = requestDrain;
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
        Batch batch = new Batch(List.copyOf(summaries.values()), Set.copyOf(removed));
        summaries = new LinkedHashMap<>();
        removed = new LinkedHashSet<>();
        pending = false;
        return batch;
    }
}
