package dev.twinops.dm.reported;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.dm.json.DmJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportedDeviceStateTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.250Z");

    @Test
    @SuppressWarnings("unchecked")
    void patchesHaveTheWireShapeWithExplicitNullsThatClearStaleFields() {
        FirmwareUpdateState fw = new FirmwareUpdateState(FirmwareUpdateStatus.DOWNLOADING, "op-1", T0, null, 40,
                400L, 1000L, "2.1.0", null);
        Map<String, Object> patch = ReportedPatches.firmwareUpdate(fw);
        Map<String, Object> section = (Map<String, Object>) ((Map<String, Object>) patch.get("iothubDM")).get("firmwareUpdate");
        assertThat(section).containsEntry("status", "downloading").containsEntry("startedAt", "2026-03-01T10:00:00.250Z")
                .containsEntry("progress", 40).containsEntry("bytesTotal", 1000L)
                .containsEntry("error", null).containsEntry("lastFirmwareUpdate", null);

        // a previous failure's error disappears when the next operation's report is merged in
        Map<String, Object> twin = new LinkedHashMap<>();
        ReportedPatches.mergeInto(twin, ReportedPatches.firmwareUpdate(new FirmwareUpdateState(FirmwareUpdateStatus.FAILED,
                "op-0", T0, T0, null, null, null, "2.0.0", new OperationError("DOWNLOAD_FAILED", "404"))));
        ReportedPatches.mergeInto(twin, patch);
        assertThat(ReportedDeviceState.fromReportedProperties(twin).iothubDM().firmwareUpdate().error()).isNull();
    }

    @Test
    void reportedPropertiesReadBackIntoTypedState() {
        Map<String, Object> reported = new LinkedHashMap<>();
        ReportedPatches.mergeInto(reported, ReportedPatches.firmwareVersion("1.0.0"));
        ReportedPatches.mergeInto(reported, ReportedPatches.deviceInfo(new DeviceInfo("TwinOps", "TX-100", "SN1")));
        ReportedPatches.mergeInto(reported, ReportedPatches.reboot(new RebootState(RebootStatus.COMPLETED, "op-r", T0,
                T0.plusSeconds(5), null)));
        ReportedPatches.mergeInto(reported, ReportedPatches.firmwareUpdate(new FirmwareUpdateState(
                FirmwareUpdateStatus.FAILED, "op-f", T0, T0.plusSeconds(9), 50, 5L, 10L, "2.0.0",
                new OperationError(ErrorCodes.CHECKSUM_MISMATCH, "sha-256 differs"))));
        reported.put("$version", 7);
        reported.put("$metadata", Map.of("$lastUpdated", "2026-03-01T10:00:00Z"));

        ReportedDeviceState state = ReportedDeviceState.fromReportedProperties(reported);
        assertThat(state.firmwareVersion()).isEqualTo("1.0.0");
        assertThat(state.deviceInfo().model()).isEqualTo("TX-100");
        assertThat(state.iothubDM().reboot().lastReboot()).isEqualTo(T0.plusSeconds(5));
        assertThat(state.iothubDM().firmwareUpdate().error().code()).isEqualTo("CHECKSUM_MISMATCH");
        assertThat(state.iothubDM().factoryReset()).isNull();
        assertThat(ReportedDeviceState.fromJson(DmJson.toJson(reported))).isEqualTo(state);
    }

    @Test
    void malformedOrForeignSectionsDoNotSpoilTheRest() {
        ReportedDeviceState state = ReportedDeviceState.fromJson("{\"firmwareVersion\":\"3\",\"iothubDM\":{"
                + "\"reboot\":{\"status\":\"exploded\",\"lastReboot\":\"not a time\"},"
                + "\"firmwareUpdate\":{\"status\":\"weird-phase\",\"progress\":7},\"factoryReset\":\"oops\"}}");
        assertThat(state.firmwareVersion()).isEqualTo("3");
        assertThat(state.iothubDM().reboot()).isNull();
        assertThat(state.iothubDM().firmwareUpdate().status()).isEqualTo(FirmwareUpdateStatus.UNKNOWN);
        assertThat(state.iothubDM().factoryReset()).isNull();
        assertThat(ReportedDeviceState.fromJson(null).iothubDM()).isEqualTo(DeviceManagementState.EMPTY);
    }

    @Test
    @SuppressWarnings("unchecked")
    void mergeKeepsNullsAndMergesNestedObjects() {
        Map<String, Object> target = new LinkedHashMap<>();
        ReportedPatches.mergeInto(target, Map.of("a", Map.of("x", 1, "y", 2)));
        Map<String, Object> patch = new LinkedHashMap<>();
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("y", null);
        inner.put("z", 3);
        patch.put("a", inner);
        ReportedPatches.mergeInto(target, patch);
        assertThat((Map<String, Object>) target.get("a")).containsEntry("x", 1).containsEntry("y", null).containsEntry("z", 3);
    }
}
