package dev.twinops.console.operations;

import java.util.List;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The ids of the devices selected in the table (set by the table's view, read by the operations). FX thread. */
public final class DeviceSelection {

    private final ObservableList<String> deviceIds = FXCollections.observableArrayList();

    public ObservableList<String> deviceIds() {
        return FXCollections.unmodifiableObservableList(deviceIds);
    }

    public void select(List<String> ids) {
        if (!deviceIds.equals(ids)) {
            deviceIds.setAll(ids);
        }
    }
}
