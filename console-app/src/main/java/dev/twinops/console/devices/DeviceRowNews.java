package dev.twinops.console.devices;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javafx.collections.ObservableList;

/**
 * Hand-over of {@link DeviceRowEvents} from the progress monitor's thread to the FX thread: the latest value per
 * device and operation, and per device snapshot, however many arrive between two drains. The first event after a
 * drain asks for one (throttled) drain; {@link #apply} then shows everything on the rows at once, so a round over
 * 1,000 devices costs one UI update, and at most {@link #ROW_CHANGES_PER_DRAIN} re-sorting row changes per drain.
 */
final class DeviceRowNews implements DeviceRowEvents {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRowNews.class);
    /** Applying news this long holds the FX thread for several frames: worth a line in the log. */
    private static final long SLOW_APPLY_MILLIS = 50;
    /**
     * Row changes that re-sort or re-filter the device list applied per drain (all of them go to the list as one
     * change); the rest wait for the next drain, latest value kept, so a burst never holds the FX thread long.
     */
    static final int ROW_CHANGES_PER_DRAIN = 250;

    private final RowOperationDisplay display;
    private final Runnable requestDrain;
    private LinkedHashMap<String, RowOperation> operations = new LinkedHashMap<>();
    private LinkedHashMap<String, DeviceSnapshot> snapshots = new LinkedHashMap<>();
    private LinkedHashSet<String> dismissed = new LinkedHashSet<>();
    private boolean pending;

    /**
     * @param rows         the rows the table shows
     * @param requestDrain asks for an {@link #apply} on the FX thread soon (throttled, from any thread)
     */
    DeviceRowNews(ObservableList<DeviceRow> rows, Runnable requestDrain) {
        this.display = new RowOperationDisplay(rows, requestDrain);
        this.requestDrain = requestDrain;
    }

    @Override
    public void operationChanged(RowOperation shown) {
        offer(() -> operations.put(shown.deviceId() + '\n' + shown.operationId(), shown));
    }

    @Override
    public void operationDismissed(String operationId) {
        offer(() -> {
            operations.values().removeIf(o -> o.operationId().equals(operationId));
            dismissed.add(operationId);
        });
    }

    @Override
    public void deviceRead(DeviceSnapshot snapshot) {
        offer(() -> snapshots.put(snapshot.deviceId(), snapshot));
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

    /**
     * Shows what arrived since the last drain (FX thread): operations first, then fresher fields, then dismissals.
     *
     * @param rowsChanged told, once, the rows whose shown values re-sort or re-filter the list
     */
    void apply(Consumer<List<DeviceRow>> rowsChanged) {
        long started = System.nanoTime();
        List<RowOperation> newOperations;
        List<DeviceSnapshot> newSnapshots;
        Set<String> newlyDismissed;
        synchronized (this) {
            newOperations = List.copyOf(operations.values());
            newSnapshots = List.copyOf(snapshots.values());
            newlyDismissed = Set.copyOf(dismissed);
            operations = new LinkedHashMap<>();
            snapshots = new LinkedHashMap<>();
            dismissed = new LinkedHashSet<>();
            pending = false;
        }
        List<DeviceRow> changed = new ArrayList<>();
        int budget = display.apply(newOperations, ROW_CHANGES_PER_DRAIN, changed);
        long operationsDone = System.nanoTime();
        display.applySnapshots(newSnapshots, budget, changed);
        long snapshotsDone = System.nanoTime();
        newlyDismissed.forEach(operationId -> display.removeOperation(operationId, changed));
        rowsChanged.accept(changed);
        if (display.hasPending()) {
            requestDrain.run(); // the rest next time
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (millis >= SLOW_APPLY_MILLIS) {
            LOG.info("Showing progress on rows took {} ms: {} operation rows ({} ms), {} device snapshots ({} ms), "
                    + "{} rows re-sorted", millis, newOperations.size(), (operationsDone - started) / 1_000_000,
                    newSnapshots.size(), (snapshotsDone - operationsDone) / 1_000_000, changed.size());
        }
    }
}
