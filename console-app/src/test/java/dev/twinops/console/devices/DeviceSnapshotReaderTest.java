package dev.twinops.console.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class DeviceSnapshotReaderTest {

    private final DeviceSnapshotReader reader = new DeviceSnapshotReader();

    @Test
    void readsTheListsProjection() {
        DeviceSnapshot row = reader.read("""
                {"deviceId":"pump-1","status":"enabled","connectionState":"Connected",
                 "lastActivityTime":"2026-12-02T10:15:30.1234567Z",
                 "tags":{"site":"plant-1","floor":3,"ratio":1.5,"on":true,"none":null,"location":{"x":1},"list":[1,2]},
                 "firmwareVersion":"2.0.0"}""");

        assertThat(row).isEqualTo(new DeviceSnapshot("pump-1", "Connected", "enabled", "2.0.0",
                Instant.parse("2026-12-02T10:15:30.1234567Z"),
                "site=plant-1, floor=3, ratio=1.5, on=true, none=null, location={…}, list=[…]"));
    }

    @Test
    void readsAWholeTwinWithTheFirmwareUnderReportedProperties() {
        DeviceSnapshot row = reader.read("""
                {"deviceId":"pump-2","etag":"x","properties":{"desired":{"firmwareVersion":"9"},
                 "reported":{"$metadata":{"firmwareVersion":{"$lastUpdated":"2026-01-01T00:00:00Z"}},
                 "firmwareVersion":"1.2.3","other":{"a":[1,{"b":2}]}}},"status":"disabled",
                 "lastActivityTime":"0001-01-01T00:00:00Z","tags":{}}""");

        assertThat(row).isEqualTo(new DeviceSnapshot("pump-2", "", "disabled", "1.2.3", null, ""));
    }

    @Test
    void agreesWithTheTreeReaderForTheSameRow() throws Exception {
        String json = """
                {"deviceId":"d","status":"enabled","connectionState":"Disconnected","lastActivityTime":"2025-03-04T05:06:07Z",
                 "tags":{"a":"x","b":{"c":1}},"firmwareVersion":null}""";
        assertThat(reader.read(json)).isEqualTo(reader.read(new ObjectMapper().readTree(json)));
    }

    @Test
    void aRowWithoutDeviceIdIsRefused() {
        assertThatThrownBy(() -> reader.read("{\"status\":\"enabled\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reader.read("[1]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longTagSummariesAreCut() {
        StringBuilder tags = new StringBuilder("{");
        for (int i = 0; i < 40; i++) {
            tags.append(i == 0 ? "" : ",").append("\"key").append(i).append("\":\"value").append(i).append('"');
        }
        DeviceSnapshot row = reader.read("{\"deviceId\":\"d\",\"tags\":" + tags + "}}");

        assertThat(row.tagSummary()).hasSize(DeviceSnapshotReader.MAX_TAG_SUMMARY).endsWith("…");
    }

    @Test
    void hubTimesParseAsInstantParseDoesAndNeverIsNull() {
        for (String text : new String[] {"2026-12-02T10:15:30Z", "2026-12-02T10:15:30.5Z", "2024-02-29T23:59:59.123456789Z",
                "1970-01-01T00:00:00Z", "2026-12-02T10:15:30+01:00"}) {
            assertThat(DeviceSnapshotReader.parseHubTime(text)).as(text).isEqualTo(Instant.parse(text));
        }
        assertThat(DeviceSnapshotReader.parseHubTime("0001-01-01T00:00:00Z")).isNull();
        assertThat(DeviceSnapshotReader.parseHubTime("2026-02-30T00:00:00Z")).isNull();
        assertThat(DeviceSnapshotReader.parseHubTime("yesterday")).isNull();
        assertThat(DeviceSnapshotReader.parseHubTime("")).isNull();
    }
}
