package dev.twinops.console.devices;

import java.util.Locale;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

/**
 * The device table's state: every row the current query returned, narrowed by the quick text filter, sorted
 * by whatever column the operator clicked (the view binds the table's comparator to {@link #visibleRows()}).
 */
public final class DeviceListViewModel {

    private final ObservableList<DeviceRow> rows = FXCollections.observableArrayList();
    private final FilteredList<DeviceRow> filteredRows = new FilteredList<>(rows, row -> true);
    private final SortedList<DeviceRow> sortedRows = new SortedList<>(filteredRows);
    private final StringProperty quickFilter = new SimpleStringProperty(this, "quickFilter", "");
    private final StringBinding countText;

    public DeviceListViewModel() {
        quickFilter.addListener((obs, old, text) -> {
            String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            filteredRows.setPredicate(needle.isEmpty() ? row -> true : row -> row.matches(needle));
        });
        countText = Bindings.createStringBinding(this::describeCount, rows, filteredRows);
    }

    /** Rows as the table shows them; bind its comparator with {@code visibleRows().comparatorProperty()}. */
    public SortedList<DeviceRow> visibleRows() {
        return sortedRows;
    }

    public StringProperty quickFilterProperty() {
        return quickFilter;
    }

    /** "0 devices", "120 devices", "12 of 120 devices shown". */
    public StringBinding countTextProperty() {
        return countText;
    }

    ObservableList<DeviceRow> allRows() {
        return rows;
    }

    private String describeCount() {
        int total = rows.size();
        int shown = filteredRows.size();
        String noun = total == 1 ? "device" : "devices";
        return shown == total ? total + " " + noun : shown + " of " + total + " " + noun + " shown";
    }
}
