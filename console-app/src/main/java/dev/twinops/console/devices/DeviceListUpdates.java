package dev.twinops.console.devices;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Hand-over from the query thread to the FX thread: the latest snapshot per device (in arrival order),
 * plus the run's total, error and end, all stamped with the run's sequence number. Anything from an older
 * run is discarded on arrival, so a stale result can never overwrite a newer one. The FX thread takes
 * everything in one {@link #drain()}, so rows, count and end of a run are applied in order.
 */
final class DeviceListUpdates {

    /** What one drain hands to the FX thread. {@code total} is null when not (yet) known. */
    record Batch(long run, List<DeviceSnapshot> rows, Long total, Throwable error, boolean finished) {
        boolean isEmpty() {
            return rows.isEmpty() && total == null && error == null && !finished;
        }
    }

    private final Runnable requestDrain;
    private final Runnable drainNow;
    private long run;
    /** A drain has taken rows of this run: later rows wait for the throttle. */
    private boolean rowsTaken;
    private LinkedHashMap<String, DeviceSnapshot> rows = new LinkedHashMap<>();
    private Long total;
    private Throwable error;
    private boolean finished;

    /**
     * @param requestDrain asks for a {@link #drain()} on the FX thread soon (throttled)
     * @param drainNow     asks for one on the FX thread's next turn: for a run's first rows, which would otherwise wait
     *                     up to the throttle's interval whenever the count or a progress update has just had its slot
     */
    DeviceListUpdates(Runnable requestDrain, Runnable drainNow) {
        this.requestDrain = requestDrain;
        this.drainNow = drainNow;
    }

    synchronized void begin(long newRun) {
        run = newRun;
        rowsTaken = false;
        rows = new LinkedHashMap<>();
        total = null;
        error = null;
        finished = false;
    }

    void row(long fromRun, DeviceSnapshot snapshot) {
        boolean first;
        synchronized (this) {
            if (fromRun != run) {
                return;
            }
            rows.put(snapshot.deviceId(), snapshot);
            if (rows.size() > 1) {
                return; // a drain is already requested for the rows before this one
            }
            first = !rowsTaken;
        }
        (first ? drainNow : requestDrain).run();
    }

    void total(long fromRun, long count) {
        synchronized (this) {
            if (fromRun != run) {
                return;
            }
            total = count;
        }
        requestDrain.run();
    }

    void failed(long fromRun, Throwable cause) {
        synchronized (this) {
            if (fromRun != run) {
                return;
            }
            error = cause;
        }
        requestDrain.run();
    }

    void finished(long fromRun) {
        synchronized (this) {
            if (fromRun != run) {
                return;
            }
            finished = true;
        }
        requestDrain.run();
    }

    synchronized Batch drain() {
        return drain(Integer.MAX_VALUE);
    }

    /**
     * Takes at most {@code maxRows} rows, the oldest first; the rest stay for a later drain, and so does the end of
     * the run until its last row is taken. Whoever drains part asks for the next drain ({@link #hasRows}).
     */
    synchronized Batch drain(int maxRows) {
        List<DeviceSnapshot> taken;
        if (rows.size() <= maxRows) {
            taken = List.copyOf(rows.values());
            rows = new LinkedHashMap<>();
        } else {
            taken = new ArrayList<>(maxRows);
            for (Iterator<DeviceSnapshot> it = rows.values().iterator(); taken.size() < maxRows; ) {
                taken.add(it.next());
                it.remove();
            }
        }
        rowsTaken |= !taken.isEmpty();
        boolean end = finished && rows.isEmpty();
        Batch batch = new Batch(run, taken, total, error, end);
        total = null;
        error = null;
        finished = finished && !end;
        return batch;
    }

    /** The run has ended and rows of it still wait for a drain: nothing more is coming, so no reason to wait. */
    synchronized boolean endedWithRowsLeft() {
        return finished && !rows.isEmpty();
    }

    /** Rows are waiting for a drain. */
    synchronized boolean hasRows() {
        return !rows.isEmpty();
    }
}
