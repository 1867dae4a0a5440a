package dev.twinops.console.devices;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.twinops.console.csv.CsvTable;
import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.TaskRunner;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Exports the device list to CSV: the whole result of the query shown (read again from the hub, page by page, so
 * rows not loaded yet or hidden by the quick filter are in it too), with the columns the table shows, in its order.
 * The Operation column comes from the rows the list holds (progress knows it; the hub does not).
 */
public final class DeviceListExport {

    /** The table's column names and how each reads a device. */
    public static final Map<String, Function<DeviceSnapshot, String>> COLUMNS = columns();
    public static final String OPERATION = "Operation";

    private final DeviceListViewModel devices;
    private final TaskRunner tasks;
    private final ObservableList<String> shownColumns = FXCollections.observableArrayList(
            new ArrayList<>(COLUMNS.keySet()));
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");

    public DeviceListExport(DeviceListViewModel devices, TaskRunner tasks) {
        this.devices = Objects.requireNonNull(devices);
        this.tasks = Objects.requireNonNull(tasks);
        shownColumns.add(OPERATION);
    }

    /** The columns the table shows, in its order (the table keeps this current). */
    public ObservableList<String> shownColumns() {
        return shownColumns;
    }

    /** "Exported 10,000 devices to devices.csv" or why not. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Writes the shown query's devices to {@code file} off the FX thread. */
    public void export(Path file) {
        DeviceSource source = devices.exportSource();
        DeviceQuery query = devices.exportQuery();
        if (source == null || query == null || running.get()) {
            message.set(source == null ? "Not connected to a hub yet." : running.get() ? message.get()
                    : "Run a query first.");
            return;
        }
        List<String> header = List.copyOf(shownColumns);
        // The Operation column as the rows show it now (read on the FX thread, used by the export's thread).
        Map<String, String> operations = new HashMap<>();
        if (header.contains(OPERATION)) {
            devices.visibleRows().getSource().forEach(row -> operations.put(row.deviceId(), row.operationProperty().get()));
        }
        running.set(true);
        message.set("Exporting…");
        tasks.run(BackgroundTask.of(() -> write(file, header, source, query, operations))
                .onSuccess(rows -> {
                    running.set(false);
                    message.set("Exported " + String.format("%,d", rows) + (rows == 1 ? " device" : " devices")
                            + " to " + file.getFileName());
                })
                .onFailure(e -> {
                    running.set(false);
                    message.set("Export failed, " + file.getFileName() + " not written: " + e.getMessage());
                }));
    }

    /** Streams the query's devices into the file; blocks. Returns the number of rows. */
    static long write(Path file, List<String> header, DeviceSource source, DeviceQuery query,
                      Map<String, String> operations) throws Exception {
        try (CsvTable table = CsvTable.create(file, header)) {
            source.stream(query, snapshot -> {
                List<String> cells = new ArrayList<>(header.size());
                for (String column : header) {
                    cells.add(column.equals(OPERATION) ? operations.getOrDefault(snapshot.deviceId(), "")
                            : COLUMNS.get(column).apply(snapshot));
                }
                table.row(cells);
            }, () -> true);
            table.commit();
            return table.rows();
        }
    }

    private static Map<String, Function<DeviceSnapshot, String>> columns() {
        Map<String, Function<DeviceSnapshot, String>> m = new java.util.LinkedHashMap<>();
        m.put("Device ID", DeviceSnapshot::deviceId);
        m.put("Connection", DeviceSnapshot::connectionState);
        m.put("Status", DeviceSnapshot::status);
        m.put("Firmware", DeviceSnapshot::firmwareVersion);
        // ISO-8601 in UTC: a spreadsheet or script reads it, "3 min ago" would be stale on opening
        m.put("Last activity", s -> s.lastActivity() == null ? "" : s.lastActivity().toString());
        m.put("Tags", DeviceSnapshot::tagSummary);
        return java.util.Collections.unmodifiableMap(m);
    }
}
