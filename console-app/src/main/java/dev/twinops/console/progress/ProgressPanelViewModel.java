package dev.twinops.console.progress;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import dev.twinops.console.devices.DeviceRow;
import dev.twinops.console.devices.DeviceSnapshot;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The progress panel: one entry per operation (newest first), and the Operation column of the device table.
 * {@link #drain()} runs on the FX thread at most ~10 times a second and applies everything the monitor learned
 * since the last one; rows and entries are updated in place.
 */
public final class ProgressPanelViewModel {

    /** Starts the same operation again on the given devices ("retry failed"). */
    @FunctionalInterface
    public interface RetryHandler {
        void retry(String operationId, List<String> deviceIds);
    }

    private final ProgressUpdates updates;
    private final RowOperationDisplay rows;
    private final Consumer<DeviceSnapshot> snapshots;
    private final Consumer<String> dismisser;
    private final RetryHandler retryHandler;
    private final Clock clock;
    private final ObservableList<OperationProgressViewModel> operations = FXCollections.observableArrayList();
    // One read-only view, kept: listeners on a view that was thrown away would silently stop.
    private final ObservableList<OperationProgressViewModel> operationsView =
            FXCollections.unmodifiableObservableList(operations);
    private final Map<String, OperationProgressViewModel> byId = new HashMap<>();
    private final Map<String, Instant> requestTimes = new HashMap<>();

    /**
     * @param updates    the monitor's hand-over buffer
     * @param tableRows  the rows the device table shows
     * @param snapshots  receives fresher device fields (the device list shows them)
     * @param dismisser  stops following an operation (the monitor)
     * @param requestDrain asks for a {@link #drain()} soon (throttled)
     */
    public ProgressPanelViewModel(ProgressUpdates updates, ObservableList<DeviceRow> tableRows,
                                  Consumer<DeviceSnapshot> snapshots, Consumer<String> dismisser,
                                  RetryHandler retryHandler, Clock clock, Runnable requestDrain) {
        this.updates = Objects.requireNonNull(updates);
        this.rows = new RowOperationDisplay(tableRows, requestDrain);
        this.snapshots = Objects.requireNonNull(snapshots);
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
        ProgressUpdates.Batch batch = updates.drain();
        Instant now = clock.instant();
        for (OperationSummary s : batch.summaries()) {
            OperationProgressViewModel entry = byId.get(s.operationId());
            if (entry == null) {
                entry = new OperationProgressViewModel(s.operationId(), s.requestedAt());
                byId.put(s.operationId(), entry);
                requestTimes.put(s.operationId(), s.requestedAt());
                operations.add(0, entry);
            }
            entry.apply(s, now);
        }
        rows.apply(batch.rows(), requestTimes);
        batch.snapshots().forEach(snapshots);
        for (String removed : batch.removed()) {
            OperationProgressViewModel entry = byId.remove(removed);
            if (entry != null) {
                operations.remove(entry);
            }
            requestTimes.remove(removed);
            rows.removeOperation(removed);
        }
        tick(now);
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
