package dev.twinops.console.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.twinops.console.devices.RowOrder.Column;
import dev.twinops.console.devices.RowOrder.Key;

class RowOrderTest {

    private final DeviceRow a = row("pump-a", "Connected", "1.0.0", Instant.parse("2026-01-01T10:00:00Z"));
    private final DeviceRow b = row("pump-b", "Disconnected", "2.0.0", null);
    private final DeviceRow c = row("pump-c", "Connected", "", Instant.parse("2026-01-01T09:00:00Z"));

    @Test
    void noColumnIsTheOrderOfArrival() {
        assertThat(RowOrder.of(List.of())).isNull();
    }

    @Test
    void oneColumnEitherWayRoundWithEmptyAndMissingValuesFirst() {
        assertThat(sorted(new Key(Column.FIRMWARE, true))).containsExactly("pump-c", "pump-a", "pump-b");
        assertThat(sorted(new Key(Column.FIRMWARE, false))).containsExactly("pump-b", "pump-a", "pump-c");
        // a device that was never active sorts first, as the column's nulls-first comparator does
        assertThat(sorted(new Key(Column.LAST_ACTIVITY, true))).containsExactly("pump-b", "pump-c", "pump-a");
    }

    @Test
    void laterColumnsBreakTies() {
        assertThat(sorted(new Key(Column.CONNECTION, true), new Key(Column.DEVICE_ID, false)))
                .containsExactly("pump-c", "pump-a", "pump-b");
        assertThat(sorted(new Key(Column.CONNECTION, false), new Key(Column.DEVICE_ID, true)))
                .containsExactly("pump-b", "pump-a", "pump-c");
    }

    @Test
    void theOperationColumnSortsByTheOperationShown() {
        a.showOperation("Reboot", DeviceRow.NO_PROGRESS);
        c.showOperation("Firmware 2.0.0", 0.5);
        assertThat(sorted(new Key(Column.OPERATION, true))).containsExactly("pump-b", "pump-c", "pump-a");
    }

    private List<String> sorted(Key... keys) {
        List<DeviceRow> rows = new ArrayList<>(List.of(b, a, c));
        rows.sort(RowOrder.of(List.of(keys)));
        return rows.stream().map(DeviceRow::deviceId).toList();
    }

    private static DeviceRow row(String id, String connection, String firmware, Instant lastActivity) {
        return DeviceRow.of(new DeviceSnapshot(id, connection, "enabled", firmware, lastActivity, ""));
    }
}
