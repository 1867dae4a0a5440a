package dev.twinops.console.progress;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.twinops.console.devices.DeviceRow;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * Shows each device's operation in its table row: the newest operation a device is part of wins. Keeps the
 * latest state per device, so rows that appear later (another query, the quick filter cleared, a refresh that
 * made new rows) show it too. FX thread only.
 */
final class RowOperationDisplay {

    private record Shown(String operationId, Instant requestedAt, String text, double progress, String outcome) {
    }

    private final Map<String, Shown> byDevice = new HashMap<>();
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

    /** Applies row updates; {@code requestTimes} tells which operation is newer. */
    void apply(List<ProgressUpdates.RowUpdate> updates, Map<String, Instant> requestTimes) {
        for (DeviceRow row : appeared) {
            Shown shown = byDevice.get(row.deviceId());
            if (shown != null && visible.get(row.deviceId()) == row) {
                row.showOperation(shown.text(), shown.progress(), shown.outcome());
            }
        }
        appeared.clear();
        for (ProgressUpdates.RowUpdate u : updates) {
            String id = u.progress().deviceId();
            Instant requested = requestTimes.getOrDefault(u.operationId(), Instant.MAX);
            Shown current = byDevice.get(id);
            if (current != null && !current.operationId().equals(u.operationId())
                    && requested.isBefore(current.requestedAt())) {
                continue; // an older operation's news: the row shows the newer one
            }
            Shown shown = new Shown(u.operationId(), requested, text(u), progress(u.progress()), outcome(u.progress()));
            byDevice.put(id, shown);
            DeviceRow row = visible.get(id);
            if (row != null) {
                row.showOperation(shown.text(), shown.progress(), shown.outcome());
            }
        }
    }

    /** Clears the rows an operation showed (it was dismissed). */
    void removeOperation(String operationId) {
        byDevice.entrySet().removeIf(e -> {
            if (!e.getValue().operationId().equals(operationId)) {
                return false;
            }
            DeviceRow row = visible.get(e.getKey());
            if (row != null) {
                row.showOperation("", DeviceRow.NO_PROGRESS, "");
            }
            return true;
        });
    }

    /** "Firmware 2.1.0 · downloading 40%", "Reboot · completed", "Firmware 2.1.0 · failed: DOWNLOAD_FAILED: …". */
    static String text(ProgressUpdates.RowUpdate u) {
        DeviceProgress p = u.progress();
        String phase = switch (p.state()) {
            case FAILED -> "failed" + (p.detail().isBlank() ? "" : ": " + p.detail());
            case STUCK -> "stuck (" + p.detail() + ")";
            default -> p.phase();
        };
        return u.label() + " · " + phase;
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
