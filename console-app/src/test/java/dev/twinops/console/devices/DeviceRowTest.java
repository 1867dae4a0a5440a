package dev.twinops.console.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class DeviceRowTest {

    @Test
    void aPropertyMadeLateShowsTheValueSetBeforeAndFollowsLaterChanges() {
        DeviceRow row = DeviceRow.of(new DeviceSnapshot("pump-1", "Connected", "enabled", "1.0.0",
                Instant.parse("2026-12-02T10:00:00Z"), "site=plant-1"));
        row.showOperation("Firmware 2.0.0", 0.5, "");

        assertThat(row.connectionStateProperty().get()).isEqualTo("Connected");
        assertThat(row.firmwareVersionProperty().get()).isEqualTo("1.0.0");
        assertThat(row.lastActivityProperty().get()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(row.operationProgressProperty().get()).isEqualTo(0.5);
        List<String> seen = new ArrayList<>();
        row.firmwareVersionProperty().addListener((obs, old, now) -> seen.add(now));

        row.apply(new DeviceSnapshot("pump-1", "Disconnected", "enabled", "2.0.0", null, "site=plant-2"));
        row.showOperation("Firmware 2.0.0", 1.0, "succeeded");

        assertThat(seen).containsExactly("2.0.0");
        assertThat(row.connectionStateProperty().get()).isEqualTo("Disconnected");
        assertThat(row.tagsProperty().get()).isEqualTo("site=plant-2");
        assertThat(row.lastActivityProperty().get()).isNull();
        assertThat(row.operationOutcomeProperty().get()).isEqualTo("succeeded");
        assertThat(row.operationProgressProperty().get()).isEqualTo(1.0);
    }

    @Test
    void theQuickFilterSearchesValuesThatHaveNoPropertyYet() {
        DeviceRow row = DeviceRow.of(new DeviceSnapshot("pump-1", "Connected", "enabled", "1.0.0", null, "site=plant-1"));

        assertThat(row.matches("plant-1")).isTrue();
        assertThat(row.matches("connected")).isTrue();
        assertThat(row.matches("2.0.0")).isFalse();
        row.showOperation("Firmware 2.0.0", DeviceRow.NO_PROGRESS);
        assertThat(row.matches("2.0.0")).isTrue();
    }
}
