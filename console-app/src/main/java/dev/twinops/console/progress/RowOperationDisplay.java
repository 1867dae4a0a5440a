package dev.twinops.console.progress;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.twinops.console.devices.DeviceRow;
import dev.twinops.console.devices.DeviceSnapshot;
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
 * so a thousand devices changing at once never hold the FX thread for long.
 */
final class RowOperationDisplay {

    private record Shown(String operationId, Instant requestedAt, String operation, String phase, double progress,
                         String outcome) {
    }

    private final Map<String, Shown> byDevice = new HashMap<>();
    private final LinkedHashMap<String, Shown> pending = new LinkedHashMap<>();
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
     * Takes row updates ({@code requestTimes} tells which operation is newer) and applies what the budget allows.
     *
     * @param budget  how many re-sorting row changes may be applied now
     * @param changed receives the rows whose operation name or outcome changed (the list re-sorts them)
     * @return how much of the budget is left (never negative); {@link #hasPending()} says whether updates wait
     */
    int apply(List<ProgressUpdates.RowUpdate> updates, Map<String, Instant> requestTimes, int budget,
              List<DeviceRow> changed) {
        for (ProgressUpdates.RowUpdate u : updates) {
            String id = u.progress().deviceId();
            Instant requested = requestTimes.getOrDefault(u.operationId(), Instant.MAX);
            Shown current = pending.containsKey(id) ? pending.get(id) : byDevice.get(id);
            if (current != null && !current.operationId().equals(u.operationId())
                    && requested.isBefore(current.requestedAt())) {
                continue; // an older operation's news: the row shows the newer one
            }
            pending.put(id, shown(u, requested));
        }
        int left = budget;
        for (Iterator<DeviceRow> it = appeared.iterator(); it.hasNext() && left > 0; ) {
            DeviceRow row = it.next();
            it.remove();
            Shown shown = byDevice.get(row.deviceId());
            if (shown != null && visible.get(row.deviceId()) == row && !pending.containsKey(row.deviceId())
                    && show(row, shown)) {
                changed.add(row);
                left--;
            }
        }
        for (Iterator<Map.Entry<String, Shown>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Shown> e = it.next();
            DeviceRow row = visible.get(e.getKey());
            Shown next = e.getValue();
            if (row != null && !row.operationProperty().get().equals(next.operation()) && left <= 0) {
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

    /** True when the device's row shows another connection state, status or firmware than {@code snapshot}. */
    boolean differs(DeviceSnapshot snapshot) {
        DeviceRow row = visible.get(snapshot.deviceId());
        return row != null && (!row.connectionStateProperty().get().equals(snapshot.connectionState())
                || !row.statusProperty().get().equals(snapshot.status())
                || !row.firmwareVersionProperty().get().equals(snapshot.firmwareVersion()));
    }

    /** True when updates wait for budget (or rows that appeared wait to be filled in). */
    boolean hasPending() {
        return !pending.isEmpty() || !appeared.isEmpty();
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
    private static boolean show(DeviceRow row, Shown s) {
        boolean resorts = !row.operationProperty().get().equals(s.operation());
        row.showOperationPhase(s.phase());
        row.showOperation(s.operation(), s.progress(), s.outcome());
        return resorts;
    }

    private static Shown shown(ProgressUpdates.RowUpdate u, Instant requested) {
        DeviceProgress p = u.progress();
        return new Shown(u.operationId(), requested, operationText(u), p.state().isSettled() ? "" : p.phase(),
                progress(p), outcome(p));
    }

    /**
     * The part of the text that changes rarely: "Firmware 2.1.0" while in flight, then "Firmware 2.1.0 · current",
     * "Reboot · failed: …", "… · stuck (…)".
     */
    static String operationText(ProgressUpdates.RowUpdate u) {
        DeviceProgress p = u.progress();
        return switch (p.state()) {
            case FAILED -> u.label() + " · failed" + (p.detail().isBlank() ? "" : ": " + p.detail());
            case STUCK -> u.label() + " · stuck (" + p.detail() + ")";
            case SUCCEEDED -> u.label() + " · " + p.phase();
            default -> u.label();
        };
    }

    /** The whole text a row shows: "Firmware 2.1.0 · downloading 40%", "Reboot · completed". */
    static String text(ProgressUpdates.RowUpdate u) {
        DeviceProgress p = u.progress();
        return p.state().isSettled() ? operationText(u) : u.label() + " · " + p.phase();
    }

    /** For the cell's colour. */
    static String outcome(DeviceProgress p) {
        return switch (p.state()) {
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            case STUCK -> "stuck";
            default -> "";
        };
    }

    /** The bar shows while the device is on its way and when it is done; failed and stuck rows say so in words. */
    static double progress(DeviceProgress p) {
        return switch (p.state()) {
            case FAILED, STUCK -> DeviceRow.NO_PROGRESS;
            default -> p.fraction();
        };
    }
}
