package dev.twinops.console.devices;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.twinops.console.fx.GradualTableSkin;
import dev.twinops.console.time.ReadableTime;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * The device table: binds columns to row view-model properties and the sort order to the view model; reports
 * the selected devices (several may be selected) to the operations and offers them in a context menu.
 */
public final class DeviceTableController {

    private final DeviceListViewModel devices;
    private final ReadableTime readableTime;
    private final Consumer<List<String>> selectedDevices;
    private final Supplier<ContextMenu> contextMenu;
    private final DeviceListExport export;

    @FXML private TableView<DeviceRow> deviceTable;
    @FXML private TableColumn<DeviceRow, String> deviceIdColumn;
    @FXML private TableColumn<DeviceRow, String> connectionColumn;
    @FXML private TableColumn<DeviceRow, String> statusColumn;
    @FXML private TableColumn<DeviceRow, String> firmwareColumn;
    @FXML private TableColumn<DeviceRow, Instant> lastActivityColumn;
    @FXML private TableColumn<DeviceRow, String> tagsColumn;
    @FXML private TableColumn<DeviceRow, DeviceRow> operationColumn;

    public DeviceTableController(DeviceListViewModel devices, ReadableTime readableTime) {
        this(devices, readableTime, ids -> { }, () -> null);
    }

    /**
     * @param selectedDevices told the selected device ids whenever the selection changes
     * @param contextMenu     builds the rows' context menu
     */
    public DeviceTableController(DeviceListViewModel devices, ReadableTime readableTime,
                                 Consumer<List<String>> selectedDevices,
                                 Supplier<ContextMenu> contextMenu) {
        this(devices, readableTime, selectedDevices, contextMenu, null);
    }

    /** @param export told which columns the table shows, in order (null: no export) */
    public DeviceTableController(DeviceListViewModel devices, ReadableTime readableTime,
                                 Consumer<List<String>> selectedDevices,
                                 Supplier<ContextMenu> contextMenu, DeviceListExport export) {
        this.export = export;
        this.devices = devices;
        this.readableTime = readableTime;
        this.selectedDevices = selectedDevices;
        this.contextMenu = contextMenu;
    }

    @FXML
    private void initialize() {
        // The first screenful of rows a few a pulse, not all in one (GradualTableSkin says why).
        deviceTable.setSkin(new GradualTableSkin<>(deviceTable));
        deviceIdColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().deviceId()));
        connectionColumn.setCellValueFactory(c -> c.getValue().connectionStateProperty());
        statusColumn.setCellValueFactory(c -> c.getValue().statusProperty());
        firmwareColumn.setCellValueFactory(c -> c.getValue().firmwareVersionProperty());
        lastActivityColumn.setCellValueFactory(c -> c.getValue().lastActivityProperty());
        lastActivityColumn.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(Instant item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : readableTime.compact(item));
            }
        });
        tagsColumn.setCellValueFactory(c -> c.getValue().tagsProperty());
        operationColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        operationColumn.setCellFactory(column -> new OperationCell());
        // Room for the bar and "Firmware 2.1.0 · downloading 40%": during a rollout this is the column that matters.
        operationColumn.setMinWidth(200);
        operationColumn.setPrefWidth(300);

        deviceTable.setItems(devices.visibleRows());
        // The table's sort order, compared on the rows' plain fields in plain string order (RowOrder says why; the
        // columns' own comparators, a Collator over each cell's property, are never used): it follows every change
        // of the table's comparator (columns added to or removed from the order, ascending or descending).
        Map<TableColumn<DeviceRow, ?>, RowOrder.Column> sortable = Map.of(deviceIdColumn, RowOrder.Column.DEVICE_ID,
                connectionColumn, RowOrder.Column.CONNECTION, statusColumn, RowOrder.Column.STATUS,
                firmwareColumn, RowOrder.Column.FIRMWARE, lastActivityColumn, RowOrder.Column.LAST_ACTIVITY,
                tagsColumn, RowOrder.Column.TAGS, operationColumn, RowOrder.Column.OPERATION);
        devices.visibleRows().comparatorProperty().bind(Bindings.createObjectBinding(() -> RowOrder.of(
                deviceTable.getSortOrder().stream()
                        .map(column -> new RowOrder.Key(sortable.get(column),
                                column.getSortType() == TableColumn.SortType.ASCENDING))
                        .toList()), deviceTable.comparatorProperty()));
        // The rows sort themselves when the table's comparator changes (as a SortedList would); the default policy
        // would try to reorder the items list itself, which a transformation list refuses.
        deviceTable.setSortPolicy(table -> true);
        // A hub returns query rows in no particular order (IoT Hub's query language has no ORDER BY): start sorted by
        // device id, the order an operator scans; a click on another header sorts by that instead.
        deviceTable.getSortOrder().add(deviceIdColumn);
        Label placeholder = new Label();
        // An empty hub tells a first-time user where devices come from; an empty result says it is the query.
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> devices.loadingProperty().get()
                        ? "Loading devices…"
                        : isEveryDevice(devices.shownQueryProperty().get())
                        ? "No devices on this hub yet. Hub > Launch simulator fleet... starts simulated ones."
                        : "No devices match this query.",
                devices.loadingProperty(), devices.shownQueryProperty()));
        placeholder.setWrapText(true);
        deviceTable.setPlaceholder(placeholder);
        deviceTable.getSelectionModel().selectedItemProperty().addListener(
                (obs, old, row) -> devices.selectedDeviceProperty().set(row));
        deviceTable.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        deviceTable.getSelectionModel().getSelectedItems().addListener((ListChangeListener<DeviceRow>) c ->
                selectedDevices.accept(deviceTable.getSelectionModel().getSelectedItems().stream()
                        .filter(Objects::nonNull).map(DeviceRow::deviceId).toList()));
        deviceTable.setContextMenu(contextMenu.get());
        if (export != null) {
            // An export has the columns shown, in the order shown (hidden or moved by the operator).
            Runnable shown = () -> export.shownColumns().setAll(deviceTable.getVisibleLeafColumns().stream()
                    .map(TableColumn::getText).toList());
            deviceTable.getVisibleLeafColumns().addListener((ListChangeListener<TableColumn<DeviceRow, ?>>) c -> shown.run());
            shown.run();
        }
    }

    private static boolean isEveryDevice(String shownQuery) {
        return shownQuery == null || shownQuery.isEmpty() || shownQuery.equals(DeviceQuery.parse("").selectText());
    }
}
