package dev.twinops.console.devices;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * Shows each device's operation in its table row: the newest operation a device is part of wins. Keeps the
 * latest state per device, so rows that appear later (another query, the quick filter cleared, a refresh that
 * made new rows) show it too. FX thread only.
 *
 * <p>A row's operation name and outcome ("Firmware 2.1.0", "Firmware 2.1.0 · current") change a few times per
 * operation and re-sort the list; the live phase ("downloading 40%") changes every second and does not. Changes
 * that re-sort are applied at most {@code budget} per drain; the rest wait (latest value kept) for the next one,
 * so a thousand devices changing at once never hold the FX thread for long. Fresher device fields from progress
 * queries share the budget.
 */
final class RowOperationDisplay {

    private final Map<String, RowOperation> byDevice = new HashMap<>();
    private final LinkedHashMap<String, RowOperation> pending = new LinkedHashMap<>();
    private final LinkedHashMap<String, DeviceSnapshot> pendingSnapshots = new LinkedHashMap<>();
    private final Map<String, DeviceRow> visible = new HashMap<>();
    private final Set<DeviceRow> appeared = new LinkedHashSet<>();

    /**
     * @param rows          the rows the table shows
     * @param requestApply  asks for {@link #apply} soon (rows that appeared are filled in then, not inside
     *                      the list's change notification)
     */
    RowOperationDisplay(ObservableList<DeviceRow> rows, Runnable requestApply) {
        rows.forEach(r -> visible.put(r.deviceId(), r));
        rows.addListener((ListChangeListener<DeviceRow>) c -> {
            boolean added = false;
            while (c.next()) {
                if (c.wasPermutated() || c.wasUpdated()) {
                    continue;
                }
                for (DeviceRow r : c.getRemoved()) {
                    visible.remove(r.deviceId(), r);
                }
                for (DeviceRow r : c.getAddedSubList()) {
                    visible.put(r.deviceId(), r);
                    if (byDevice.containsKey(r.deviceId())) {
                        appeared.add(r);
                        added = true;
                    }
                }
            }
            if (added) {
                requestApply.run();
            }
        });
    }

    /**
     * Takes row updates and applies what the budget allows.
     *
     * @param budget  how many re-sorting row changes may be applied now
     * @param changed receives the rows whose operation name or outcome changed (the list re-sorts them)
     * @return how much of the budget is left (never negative); {@link #hasPending()} says whether updates wait
     */
    int apply(List<RowOperation> updates, int budget, List<DeviceRow> changed) {
        for (RowOperation u : updates) {
            String id = u.deviceId();
            RowOperation current = pending.containsKey(id) ? pending.get(id) : byDevice.get(id);
            if (current != null && !current.operationId().equals(u.operationId())
                    && u.requestedAt().isBefore(current.requestedAt())) {
                continue; // an older operation's news: the row shows the newer one
            }
            pending.put(id, u);
        }
        int left = budget;
        for (Iterator<DeviceRow> it = appeared.iterator(); it.hasNext() && left > 0; ) {
            DeviceRow row = it.next();
            it.remove();
            RowOperation shown = byDevice.get(row.deviceId());
            if (shown != null && visible.get(row.deviceId()) == row && !pending.containsKey(row.deviceId())
                    && show(row, shown)) {
                changed.add(row);
                left--;
            }
        }
        for (Iterator<Map.Entry<String, RowOperation>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, RowOperation> e = it.next();
            DeviceRow row = visible.get(e.getKey());
            RowOperation next = e.getValue();
            if (row != null && !row.operation().equals(next.operation()) && left <= 0) {
                continue; // re-sorts the list: waits for the next drain
            }
            it.remove();
            byDevice.put(e.getKey(), next);
            if (row != null && show(row, next)) {
                changed.add(row);
                left--;
            }
        }
        return Math.max(0, left);
    }

    /**
     * Shows fresher device fields, but only when a column an operator watches during an operation changed
     * (connection, status, firmware): the last-activity time alone changes with every report. Takes what the budget
     * allows; the rest wait (latest value kept).
     *
     * @param changed receives the rows that changed
     * @return how much of the budget is left
     */
    int applySnapshots(List<DeviceSnapshot> fresh, int budget, List<DeviceRow> changed) {
        for (DeviceSnapshot s : fresh) {
            if (differs(s)) {
                pendingSnapshots.put(s.deviceId(), s);
            } else {
                pendingSnapshots.remove(s.deviceId());
            }
        }
        int left = budget;
        for (Iterator<DeviceSnapshot> it = pendingSnapshots.values().iterator(); it.hasNext() && left > 0; ) {
            DeviceSnapshot s = it.next();
            it.remove();
            if (differs(s)) {
                DeviceRow row = visible.get(s.deviceId());
                row.apply(s);
                changed.add(row);
                left--;
            }
        }
        return left;
    }

    /** True when the device's row shows another connection state, status or firmware than {@code snapshot}. */
    private boolean differs(DeviceSnapshot snapshot) {
        DeviceRow row = visible.get(snapshot.deviceId());
        // plain values: asking each row's properties would make (and keep) three of them per device
        return row != null && (!row.connectionState().equals(snapshot.connectionState())
                || !row.status().equals(snapshot.status())
                || !row.firmwareVersion().equals(snapshot.firmwareVersion()));
    }

    /** True when updates wait for budget (or rows that appeared wait to be filled in). */
    boolean hasPending() {
        return !pending.isEmpty() || !appeared.isEmpty() || !pendingSnapshots.isEmpty();
    }

    /** Clears the rows an operation showed (it was dismissed); {@code changed} receives them. */
    void removeOperation(String operationId, List<DeviceRow> changed) {
        pending.values().removeIf(s -> s.operationId().equals(operationId));
        byDevice.entrySet().removeIf(e -> {
            if (!e.getValue().operationId().equals(operationId)) {
                return false;
            }
            DeviceRow row = visible.get(e.getKey());
            if (row != null) {
                row.showOperationPhase("");
                row.showOperation("", DeviceRow.NO_PROGRESS, "");
                changed.add(row);
            }
            return true;
        });
    }

    /** Shows a state on a row; true when its operation name or outcome changed (the list re-sorts it). */
    private static boolean show(DeviceRow row, RowOperation s) {
        boolean resorts = !row.operation().equals(s.operation());
        row.showOperationPhase(s.phase());
        row.showOperation(s.operation(), s.progress(), s.outcome());
        return resorts;
    }
}
