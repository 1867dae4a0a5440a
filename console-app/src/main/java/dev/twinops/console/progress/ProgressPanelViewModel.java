package dev.twinops.console.progress;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The progress panel: one entry per operation, newest first. {@link #drain()} runs on the FX thread at most ~10
 * times a second and applies every summary the monitor handed over since the last one; entries are updated in
 * place. (The device table's Operation column is the device list's: {@link RowProgressFeed}.)
 */
public final class ProgressPanelViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressPanelViewModel.class);
    /** A drain this long holds the FX thread for several frames: worth a line in the log. */
    private static final long SLOW_DRAIN_MILLIS = 50;

    /** Starts the same operation again on the given devices ("retry failed"). */
    @FunctionalInterface
    public interface RetryHandler {
        void retry(String operationId, List<String> deviceIds);
    }

    private final ProgressUpdates updates;
    private final Consumer<String> dismisser;
    private final RetryHandler retryHandler;
    private final Clock clock;
    private final ObservableList<OperationProgressViewModel> operations = FXCollections.observableArrayList();
    // One read-only view, kept: listeners on a view that was thrown away would silently stop.
    private final ObservableList<OperationProgressViewModel> operationsView =
            FXCollections.unmodifiableObservableList(operations);
    private final Map<String, OperationProgressViewModel> byId = new HashMap<>();

    /**
     * @param updates   the monitor's hand-over buffer
     * @param dismisser stops following an operation (the monitor)
     */
    public ProgressPanelViewModel(ProgressUpdates updates, Consumer<String> dismisser, RetryHandler retryHandler,
                                  Clock clock) {
        this.updates = Objects.requireNonNull(updates);
        this.dismisser = Objects.requireNonNull(dismisser);
        this.retryHandler = Objects.requireNonNull(retryHandler);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Operations, newest first. */
    public ObservableList<OperationProgressViewModel> operations() {
        return operationsView;
    }

    /** Applies everything the monitor handed over since the last drain (FX thread). */
    public void drain() {
        long started = System.nanoTime();
        ProgressUpdates.Batch batch = updates.drain();
        Instant now = clock.instant();
        for (OperationSummary s : batch.summaries()) {
            OperationProgressViewModel entry = byId.get(s.operationId());
            if (entry == null) {
                entry = new OperationProgressViewModel(s.operationId(), s.requestedAt());
                byId.put(s.operationId(), entry);
                operations.add(0, entry);
            }
            entry.apply(s, now);
        }
        for (String removed : batch.removed()) {
            OperationProgressViewModel entry = byId.remove(removed);
            if (entry != null) {
                operations.remove(entry);
            }
        }
        tick(now);
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (millis >= SLOW_DRAIN_MILLIS) {
            LOG.info("Progress drain took {} ms: {} summaries", millis, batch.summaries().size());
        }
    }

    /** Moves elapsed times on; called every second while operations run. */
    public void tick() {
        tick(clock.instant());
    }

    private void tick(Instant now) {
        for (OperationProgressViewModel entry : operations) {
            if (!entry.finishedProperty().get()) {
                entry.tick(now);
            }
        }
    }

    public boolean hasRunningOperations() {
        return operations.stream().anyMatch(o -> !o.finishedProperty().get());
    }

    /** Starts the operation again on its failed and stuck devices. */
    public void retryFailed(OperationProgressViewModel entry) {
        List<String> ids = entry.failedDeviceIds();
        if (!ids.isEmpty()) {
            retryHandler.retry(entry.operationId(), ids);
        }
    }

    /** Removes every finished entry. */
    public void clearFinished() {
        for (OperationProgressViewModel entry : List.copyOf(operations)) {
            if (entry.finishedProperty().get()) {
                dismiss(entry);
            }
        }
    }

    /** Removes an entry (and stops following it). */
    public void dismiss(OperationProgressViewModel entry) {
        dismisser.accept(entry.operationId());
    }
}
