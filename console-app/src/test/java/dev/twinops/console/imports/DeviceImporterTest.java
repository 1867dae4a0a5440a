package dev.twinops.console.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException;

import dev.twinops.console.imports.ImportOutcome.Result;
import dev.twinops.hubclient.registry.BulkRegistryOperation.DeviceError;

/** What the importer does when the hub throttles, stalls or is stopped: every row still ends explained. */
class DeviceImporterTest {

    /** A hub that throttles the first {@code throttled} calls of each kind, and records the pauses asked for. */
    private static final class ThrottlingHub implements ImportHub {
        int registerThrottles;
        int tagThrottles;
        final List<Integer> batchSizes = new ArrayList<>();

        @Override
        public Set<String> existing(Collection<String> deviceIds) {
            return Set.of();
        }

        @Override
        public Map<String, DeviceError> register(List<ImportRow> rows, ImportMode mode) throws Exception {
            if (registerThrottles-- > 0) {
                throw new IotHubTooManyRequestsException("{\"errorCode\":429001,\"message\":\"throttled\"}");
            }
            batchSizes.add(rows.size());
            return Map.of();
        }

        @Override
        public void patchTags(String deviceId, ObjectNode tags) throws Exception {
            if (tagThrottles-- > 0) {
                throw new IotHubTooManyRequestsException("{\"errorCode\":429001,\"message\":\"throttled\"}");
            }
        }
    }

    private static ImportFile file(int devices) {
        StringBuilder text = new StringBuilder("id,tags.site\n");
        for (int i = 0; i < devices; i++) {
            text.append("d-").append(i).append(",plant-1\n");
        }
        return DeviceCsvReader.parse("f.csv", text.toString().getBytes());
    }

    @Test
    void throttledCallsAreTriedAgainAfterGrowingPausesAndRequestsCarry100Devices() {
        ThrottlingHub hub = new ThrottlingHub();
        hub.registerThrottles = 2;
        hub.tagThrottles = 1;
        List<Duration> pauses = new ArrayList<>();

        ImportReport report = new DeviceImporter(hub, pauses::add).run(file(250), ImportMode.CREATE, n -> { },
                () -> false);

        assertThat(report.count(Result.CREATED)).isEqualTo(250);
        assertThat(hub.batchSizes).containsExactly(100, 100, 50);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    @Test
    void tagsThatStayThrottledLeaveTheDeviceCreatedWithoutTagsSayingWhy() {
        ThrottlingHub hub = new ThrottlingHub();
        hub.tagThrottles = DeviceImporter.ATTEMPTS;

        ImportReport report = new DeviceImporter(hub, d -> { }).run(file(2), ImportMode.CREATE, n -> { },
                () -> false);

        ImportOutcome first = report.outcomes().get(0);
        assertThat(first.result()).isEqualTo(Result.CREATED_WITHOUT_TAGS);
        assertThat(first.errorCode()).isEqualTo("429001");
        assertThat(first.message()).startsWith("the device is registered but its tags were not set: throttled");
        assertThat(report.outcomes().get(1).result()).isEqualTo(Result.CREATED);
    }

    @Test
    void stoppingLeavesTheRemainingRequestsUnsentAndSaysSo() {
        ThrottlingHub hub = new ThrottlingHub();
        List<Integer> progress = new ArrayList<>();
        int[] asked = {0};

        ImportReport report = new DeviceImporter(hub, d -> { }).run(file(250), ImportMode.CREATE, progress::add,
                () -> asked[0]++ >= 1);

        assertThat(report.count(Result.CREATED)).isEqualTo(100);
        assertThat(report.count(Result.NOT_SENT)).isEqualTo(150);
        assertThat(report.outcomes().get(249).message()).isEqualTo("the import was stopped before this device's turn");
        assertThat(progress).containsExactly(0, 100, 200, 250);
        assertThat(report.summary()).isEqualTo("100 created, 150 not sent");
    }
}
