package dev.twinops.console.twin;

import java.util.List;
import java.util.concurrent.Executor;

import dev.twinops.console.devices.DeviceRow;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;

/**
 * Keeps the twin pane current while the selected device goes through an operation: when its row shows a new phase,
 * outcome, connection state or firmware version, the twin is read again (the pane keeps typed edits and open
 * branches). Changes arriving together cause one read. FX thread only.
 */
public final class SelectedTwinFollower {

    private final Runnable reload;
    private final Executor later;
    // a change listener, not an invalidation listener: nobody reads these values in between, and an invalidated
    // property does not invalidate again until it is read
    private final ChangeListener<Object> changed = (obs, old, now) -> requestReload();
    private DeviceRow followed;
    private boolean pending;

    /**
     * @param selected the selected row
     * @param reload   reads the shown twin again
     * @param later    runs a task on the FX thread after the current one (Platform::runLater)
     */
    public SelectedTwinFollower(ObservableValue<DeviceRow> selected, Runnable reload, Executor later) {
        this.reload = reload;
        this.later = later;
        follow(selected.getValue());
        selected.addListener((obs, old, row) -> follow(row));
    }

    private void follow(DeviceRow row) {
        if (followed != null) {
            watched(followed).forEach(p -> p.removeListener(changed));
        }
        followed = row;
        if (row != null) {
            watched(row).forEach(p -> p.addListener(changed));
        }
    }

    private void requestReload() {
        if (pending) {
            return;
        }
        pending = true;
        later.execute(() -> {
            pending = false;
            if (followed != null) {
                reload.run();
            }
        });
    }

    private static List<ObservableValue<?>> watched(DeviceRow row) {
        return List.of(row.operationPhaseProperty(), row.operationProperty(), row.connectionStateProperty(),
                row.firmwareVersionProperty());
    }
}
