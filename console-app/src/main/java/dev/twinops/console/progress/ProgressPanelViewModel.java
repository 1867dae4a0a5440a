package dev.twinops.console.progress;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(ProgressPanelViewModel.class);
    /** A drain this long holds the FX thread for several frames: worth a line in the log. */
    private static final long SLOW_DRAIN_MILLIS = 50;
    /**
     * Row changes that re-sort or re-filter the device list applied per drain (all of them go to the list as one
     * change); the rest wait for the next drain, latest value kept, so a burst never holds the FX thread long.
     */
    static final int ROW_CHANGES_PER_DRAIN = 250;

    /** Starts the same operation again on the given devices ("retry failed"). */
    @FunctionalInterface
    public interface RetryHandler {
        void retry(String operationId, List<String> deviceIds);
    }

    private final ProgressUpdates updates;
    private final RowOperationDisplay rows;
    private final Consumer<List<DeviceSnapshot>> snapshots;
    private final Consumer<List<DeviceRow>> rowsChanged;
    private final Consumer<String> dismisser;
    private final RetryHandler retryHandler;
    private final Clock clock;
    private final ObservableList<OperationProgressViewModel> operations = FXCollections.observableArrayList();
    // One read-only view, kept: listeners on a view that was thrown away would silently stop.
    private final ObservableList<OperationProgressViewModel> operationsView =
            FXCollections.unmodifiableObservableList(operations);
    private final Map<String, OperationProgressViewModel> byId = new HashMap<>();
    private final Map<String, Instant> requestTimes = new HashMap<>();
    private final LinkedHashMap<String, DeviceSnapshot> pendingSnapshots = new LinkedHashMap<>();
    private final Runnable requestDrain;

    /**
     * @param updates    the monitor's hand-over buffer
     * @param tableRows  the rows the device table shows
     * @param snapshots  receives fresher device fields (the device list shows them), a batch at a time
     * @param rowsChanged told which rows' operation name or outcome changed, a batch at a time (re-sort them)
     * @param dismisser  stops following an operation (the monitor)
     * @param requestDrain asks for a {@link #drain()} soon (throttled)
     */
    public ProgressPanelViewModel(ProgressUpdates updates, ObservableList<DeviceRow> tableRows,
                                  Consumer<List<DeviceSnapshot>> snapshots, Consumer<List<DeviceRow>> rowsChanged,
                                  Consumer<String> dismisser,
                                  RetryHandler retryHandler, Clock clock, Runnable requestDrain) {
        this.updates = Objects.requireNonNull(updates);
        this.rows = new RowOperationDisplay(tableRows, requestDrain);
        this.snapshots = Objects.requireNonNull(snapshots);
        this.rowsChanged = Objects.requireNonNull(rowsChanged);
        this.dismisser = Objects.requireNonNull(dismisser);
        this.retryHandler = Objects.requireNonNull(retryHandler);
        this.clock = Objects.requireNonNull(clock);
        this.requestDrain = Objects.requireNonNull(requestDrain);
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
                requestTimes.put(s.operationId(), s.requestedAt());
                operations.add(0, entry);
            }
            entry.apply(s, now);
        }
        long entriesDone = System.nanoTime();
        List<DeviceRow> changed = new ArrayList<>();
        int budget = rows.apply(batch.rows(), requestTimes, ROW_CHANGES_PER_DRAIN, changed);
        long rowsDone = System.nanoTime();
        budget = applySnapshots(batch.snapshots(), budget);
        long snapshotsDone = System.nanoTime();
        for (String removed : batch.removed()) {
            OperationProgressViewModel entry = byId.remove(removed);
            if (entry != null) {
                operations.remove(entry);
            }
            requestTimes.remove(removed);
            rows.removeOperation(removed, changed);
        }
        rowsChanged.accept(changed);
        tick(now);
        if (rows.hasPending() || !pendingSnapshots.isEmpty()) {
            requestDrain.run(); // the rest next time
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (millis >= SLOW_DRAIN_MILLIS) {
            LOG.info("Progress drain took {} ms: {} summaries ({} ms), {} rows ({} ms), {} device snapshots ({} ms)",
                    millis, batch.summaries().size(), (entriesDone - started) / 1_000_000, batch.rows().size(),
                    (rowsDone - entriesDone) / 1_000_000, batch.snapshots().size(),
                    (snapshotsDone - rowsDone) / 1_000_000);
        }
    }

    /**
     * Hands fresher device fields to the list, but only when a column an operator watches during an operation
     * changed (connection, status, firmware): the last-activity time alone changes with every report.
     */
    private int applySnapshots(List<DeviceSnapshot> fresh, int budget) {
        for (DeviceSnapshot s : fresh) {
            if (rows.differs(s)) {
                pendingSnapshots.put(s.deviceId(), s);
            } else {
                pendingSnapshots.remove(s.deviceId());
            }
        }
        int left = budget;
        List<DeviceSnapshot> apply = new ArrayList<>();
        for (var it = pendingSnapshots.values().iterator(); it.hasNext() && left > 0; ) {
            DeviceSnapshot s = it.next();
            it.remove();
            if (rows.differs(s)) {
                apply.add(s);
                left--;
            }
        }
        if (!apply.isEmpty()) {
            snapshots.accept(apply);
        }
        return left;
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
