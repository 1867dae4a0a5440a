package dev.twinops.console.devices;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The device table's sort order as a comparator over the rows' plain fields. The table's own comparator reads each
 * row through its column's cell value, which makes (and keeps) a JavaFX property per row and compared field: sorting
 * 100,000 rows made 100,000 properties and spent most of the FX thread's time in a load there. This one compares the
 * same values in the same order (plain string order, nulls first, as the columns' comparators do) without them.
 */
public final class RowOrder {

    /** The columns the table sorts by. */
    public enum Column {
        DEVICE_ID(DeviceRow::deviceId),
        CONNECTION(DeviceRow::connectionState),
        STATUS(DeviceRow::status),
        FIRMWARE(DeviceRow::firmwareVersion),
        LAST_ACTIVITY(DeviceRow::lastActivity),
        TAGS(DeviceRow::tags),
        OPERATION(DeviceRow::operation);

        private final Comparator<DeviceRow> ascending;

        <T extends Comparable<? super T>> Column(Function<DeviceRow, T> value) {
            this.ascending = Comparator.comparing(value, Comparator.nullsFirst(Comparator.naturalOrder()));
        }
    }

    /** One column of the order, ascending or descending. */
    public record Key(Column column, boolean ascending) {
    }

    private RowOrder() {
    }

    /** The rows in the order of {@code keys} (first key first); null when there is none (order of arrival). */
    public static Comparator<DeviceRow> of(List<Key> keys) {
        Comparator<DeviceRow> order = null;
        for (Key key : keys) {
            Comparator<DeviceRow> one = key.ascending() ? key.column().ascending : key.column().ascending.reversed();
            order = order == null ? one : order.thenComparing(one);
        }
        return order;
    }
}
