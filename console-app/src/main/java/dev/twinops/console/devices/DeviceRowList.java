package dev.twinops.console.devices;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import javafx.collections.ModifiableObservableListBase;

/**
 * The device table's rows. Rows change in place (a newer snapshot, an operation's progress); instead of an
 * extractor, which turns every property change into its own list event, whoever changes rows reports them with
 * {@link #updated}, and the filtered and sorted views and the table get one change for all of them. In a table
 * sorted by a column that is the difference between about a millisecond per changed row and a few milliseconds
 * for a thousand.
 */
final class DeviceRowList extends ModifiableObservableListBase<DeviceRow> {

    private final ArrayList<DeviceRow> rows = new ArrayList<>();

    @Override
    public DeviceRow get(int index) {
        return rows.get(index);
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    protected void doAdd(int index, DeviceRow row) {
        rows.add(index, row);
    }

    @Override
    protected DeviceRow doSet(int index, DeviceRow row) {
        return rows.set(index, row);
    }

    @Override
    protected DeviceRow doRemove(int index) {
        return rows.remove(index);
    }

    /** One list change saying these rows changed in place (re-filter, re-sort, redraw). */
    void updated(Collection<DeviceRow> changed) {
        if (changed.isEmpty()) {
            return;
        }
        Set<DeviceRow> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
        wanted.addAll(changed);
        beginChange();
        try {
            for (int i = 0; i < rows.size(); i++) {
                if (wanted.contains(rows.get(i))) {
                    nextUpdate(i);
                }
            }
        } finally {
            endChange();
        }
    }
}
