package dev.twinops.console.operations;

import java.util.List;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The ids of the devices selected in the table (set by the table's view, read by the operations). FX thread. */
public final class DeviceSelection {

    private final ObservableList<String> deviceIds = FXCollections.observableArrayList();
    // One read-only view, kept: listeners on a view that was thrown away would silently stop.
    private final ObservableList<String> deviceIdsView = FXCollections.unmodifiableObservableList(deviceIds);

    public ObservableList<String> deviceIds() {
        return deviceIdsView;
    }

    public void select(List<String> ids) {
        if (!deviceIds.equals(ids)) {
            deviceIds.setAll(ids);
        }
    }
}
