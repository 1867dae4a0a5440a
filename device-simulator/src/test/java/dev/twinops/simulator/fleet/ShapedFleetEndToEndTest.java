package dev.twinops.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.twinops.dm.reported.DeviceInfo;
import dev.twinops.dm.reported.ReportedDeviceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet started from a copied fleet's shape: one device per entry, with the entry's id, reporting its firmware
 * version and device info; a device the hub lacks is registered with the shape's tags, one it has keeps its own.
 */
class ShapedFleetEndToEndTest {

    @RegisterExtension
    static final LocalHubFixture env = new LocalHubFixture();
    @TempDir
    Path dir;

    @Test
    void eachShapeEntryBecomesADeviceReportingItsFirmwareVersionAndDeviceInfo() throws Exception {
        // already on the hub, as a rehearsal copy leaves it: registered and tagged, never connected
        new DeviceRegistrar(env.target).register("r-pump-0001", Map.of("site", "copied-site"));
        Path shape = dir.resolve("shape.json");
        Files.writeString(shape, """
                {"formatVersion": 1, "source": "prod.example", "scale": 1, "sourceDevices": 3,
                 "devices": [
                  {"deviceId": "r-pump-0001", "tags": {"site": "ignored-when-the-device-exists"},
                   "firmwareVersion": "1.4.2",
                   "deviceInfo": {"manufacturer": "Contoso", "model": "P-7", "serialNumber": "SN-1"}},
                  {"deviceId": "r-valve:9", "tags": {"site": "plant-north", "ring": "canary", "limits": {"bar": 4}},
                   "firmwareVersion": "2.0.0-rc1",
                   "deviceInfo": {"manufacturer": "Fabrikam", "model": "V-2", "serialNumber": "SN-9"}},
                  {"deviceId": "r-never-reported", "tags": {}}
                 ]}
                """);

        FleetConfig config = env.fleet("unused-", 1).shape(FleetShape.read(shape)).build();
        try (SimulatedFleet fleet = SimulatedFleet.start(config)) {
            assertThat(fleet.deviceIds()).containsExactly("r-pump-0001", "r-valve:9", "r-never-reported");
            assertThat(fleet.allOnline().get(90, TimeUnit.SECONDS).online()).isEqualTo(3);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                ReportedDeviceState pump = env.reported("r-pump-0001");
                assertThat(pump.firmwareVersion()).isEqualTo("1.4.2");
                assertThat(pump.deviceInfo()).isEqualTo(new DeviceInfo("Contoso", "P-7", "SN-1"));
                ReportedDeviceState valve = env.reported("r-valve:9");
                assertThat(valve.firmwareVersion()).isEqualTo("2.0.0-rc1");
                assertThat(valve.deviceInfo()).isEqualTo(new DeviceInfo("Fabrikam", "V-2", "SN-9"));
                // a device that never reported them plays the factory version and a made-up device info
                ReportedDeviceState plain = env.reported("r-never-reported");
                assertThat(plain.firmwareVersion()).isEqualTo(config.factoryFirmwareVersion());
                assertThat(plain.deviceInfo()).isNotNull();
            });
            assertThat(env.twins.get("r-pump-0001").getTags()).containsEntry("site", "copied-site");
            Map<String, Object> valveTags = env.twins.get("r-valve:9").getTags();
            assertThat(valveTags).containsEntry("site", "plant-north").containsEntry("ring", "canary")
                    .containsKey("limits");
        }
    }
}
