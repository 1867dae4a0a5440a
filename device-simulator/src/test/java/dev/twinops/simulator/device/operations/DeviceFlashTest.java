package dev.twinops.simulator.device.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.dm.DmMethod;
import dev.twinops.dm.reported.FirmwareUpdateState;
import dev.twinops.dm.reported.FirmwareUpdateStatus;
import dev.twinops.dm.reported.RebootState;
import dev.twinops.dm.reported.RebootStatus;
import dev.twinops.dm.reported.ReportedPatches;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceFlashTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final RecordingHost host = new RecordingHost();
    private final RebootOperation reboot = new RebootOperation(host);
    private final FactoryResetOperation factoryReset = new FactoryResetOperation(host);
    private final FirmwareUpdateOperation firmware = new FirmwareUpdateOperation(host, null);
    private final List<DeviceOperation<?>> operations = List.of(reboot, factoryReset, firmware);
    private final DeviceFlash flash = host.flash;

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> map, String path) {
        Object node = map;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> m) || !m.containsKey(part)) {
                return "<absent>";
            }
            node = ((Map<String, Object>) m).get(part);
        }
        return node;
    }

    @Test
    void aNewDeviceRunsItsFactoryFirmwareAndRemembersNothing() {
        assertThat(flash.firmwareVersion()).isEqualTo("1.0.0");
        assertThat(flash.lastState(reboot)).isNull();
        assertThat(flash.customReportedKeys()).isEmpty();
        Map<String, Object> patch = flash.adopt(Map.of(), operations, NOW);
        assertThat(patch).isEmpty();
        assertThat(flash.firmwareVersion()).isEqualTo("1.0.0");
    }

    @Test
    void adoptingTakesOverVersionHistoryAndForeignKeysAndFailsWhatWasCutOff() {
        Map<String, Object> reported = new LinkedHashMap<>();
        reported.put("$version", 12);
        reported.put("firmwareVersion", "2.4.0");
        reported.put("telemetryInterval", 30);
        reported.put("location", "hall 3");
        Map<String, Object> dm = new LinkedHashMap<>();
        dm.put("reboot", Map.of("status", "completed", "operationId", "r-1", "lastReboot", "2026-02-01T00:00:00Z"));
        dm.put("firmwareUpdate", Map.of("status", "applying", "operationId", "fw-9", "targetVersion", "3.0.0",
                "bytesDownloaded", 10, "bytesTotal", 10, "progress", 100));
        reported.put("iothubDM", dm);

        Map<String, Object> patch = flash.adopt(reported, operations, NOW);

        assertThat(flash.firmwareVersion()).isEqualTo("2.4.0");
        assertThat(flash.customReportedKeys()).containsExactly("location");
        // a finished reboot stays as it was and is not reported again
        assertThat(flash.lastState(reboot).status()).isEqualTo(RebootStatus.COMPLETED);
        assertThat(at(patch, "iothubDM.reboot")).isEqualTo("<absent>");
        // the update the last run was applying can never finish now
        FirmwareUpdateState fw = flash.lastState(firmware);
        assertThat(fw.status()).isEqualTo(FirmwareUpdateStatus.FAILED);
        assertThat(fw.operationId()).isEqualTo("fw-9");
        assertThat(fw.lastFirmwareUpdate()).isEqualTo(NOW);
        assertThat(at(patch, "iothubDM.firmwareUpdate.status")).isEqualTo("failed");
        assertThat(at(patch, "iothubDM.firmwareUpdate.error.code")).isEqualTo("INTERRUPTED");
    }

    @Test
    void aRebootCutOffByTheEndOfTheLastRunIsReportedFailed() {
        Map<String, Object> patch = flash.adopt(Map.of("iothubDM", Map.of("reboot",
                Map.of("status", "rebooting", "operationId", "r-2"))), operations, NOW);
        assertThat(flash.lastState(reboot).status()).isEqualTo(RebootStatus.FAILED);
        assertThat(flash.lastState(reboot).lastReboot()).isEqualTo(NOW);
        assertThat(at(patch, "iothubDM.reboot.error.code")).isEqualTo("INTERRUPTED");
    }

    @Test
    void erasingReturnsToFactoryFirmwareAndClearsAllButTheKeptHistory() {
        flash.adopt(Map.of("firmwareVersion", "3.1.0", "customSetting", "x"), operations, NOW);
        flash.remember(reboot, new RebootState(RebootStatus.COMPLETED, "r-1", NOW, NOW, null));
        flash.remember(firmware, new FirmwareUpdateState(FirmwareUpdateStatus.CURRENT, "fw-1", NOW, NOW, 100, 5L, 5L,
                "3.1.0", null));

        Map<String, Object> patch = flash.erase(operations, DmMethod.FACTORY_RESET);

        assertThat(flash.firmwareVersion()).isEqualTo("1.0.0");
        assertThat(flash.lastState(reboot)).isNull();
        assertThat(flash.lastState(firmware)).isNull();
        assertThat(flash.customReportedKeys()).isEmpty();
        assertThat(patch).containsEntry("firmwareVersion", "1.0.0").containsEntry("customSetting", null);
        assertThat(at(patch, "iothubDM.reboot")).isNull();
        assertThat(at(patch, "iothubDM.firmwareUpdate")).isNull();
        // the factory reset reports its own state itself
        assertThat(at(patch, "iothubDM.factoryReset")).isEqualTo("<absent>");

        Map<String, Object> twin = new LinkedHashMap<>(Map.of("firmwareVersion", "3.1.0", "customSetting", "x"));
        ReportedPatches.mergeInto(twin, patch);
        assertThat(twin).containsEntry("firmwareVersion", "1.0.0");
    }
}
