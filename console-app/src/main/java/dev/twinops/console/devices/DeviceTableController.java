package dev.twinops.console.devices;

import java.time.Instant;
import java.util.Comparator;

import dev.twinops.console.time.ReadableTime;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** The device table: binds columns to row view-model properties and the sort order to the view model. */
public final class DeviceTableController {

    private final DeviceListViewModel devices;
    private final ReadableTime readableTime;

    @FXML private TableView<DeviceRow> deviceTable;
    @FXML private TableColumn<DeviceRow, String> deviceIdColumn;
    @FXML private TableColumn<DeviceRow, String> connectionColumn;
    @FXML private TableColumn<DeviceRow, String> statusColumn;
    @FXML private TableColumn<DeviceRow, String> firmwareColumn;
    @FXML private TableColumn<DeviceRow, Instant> lastActivityColumn;
    @FXML private TableColumn<DeviceRow, String> tagsColumn;
    @FXML private TableColumn<DeviceRow, DeviceRow> operationColumn;

    public DeviceTableController(DeviceListViewModel devices, ReadableTime readableTime) {
        this.devices = devices;
        this.readableTime = readableTime;
    }

    @FXML
    private void initialize() {
        deviceIdColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().deviceId()));
        connectionColumn.setCellValueFactory(c -> c.getValue().connectionStateProperty());
        statusColumn.setCellValueFactory(c -> c.getValue().statusProperty());
        firmwareColumn.setCellValueFactory(c -> c.getValue().firmwareVersionProperty());
        lastActivityColumn.setCellValueFactory(c -> c.getValue().lastActivityProperty());
        lastActivityColumn.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(Instant item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : readableTime.absolute(item));
            }
        });
        lastActivityColumn.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        tagsColumn.setCellValueFactory(c -> c.getValue().tagsProperty());
        operationColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        operationColumn.setCellFactory(column -> new OperationCell());
        operationColumn.setComparator(Comparator.comparing(row -> row.operationProperty().get()));

        deviceTable.setItems(devices.visibleRows());
        devices.visibleRows().comparatorProperty().bind(deviceTable.comparatorProperty());
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.when(devices.loadingProperty())
                .then("Loading devices…").otherwise("No devices"));
        deviceTable.setPlaceholder(placeholder);
        deviceTable.getSelectionModel().selectedItemProperty().addListener(
                (obs, old, row) -> devices.selectedDeviceProperty().set(row));
    }
}
