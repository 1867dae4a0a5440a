package dev.twinops.hub.mqtt;

import dev.twinops.hub.auth.SasToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When the hub acknowledges what a device sends, and what it does with messages a device did not acknowledge. */
class DeviceAcknowledgementTest {

    @TempDir
    Path dataDir;
    private MqttTestHub hub;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void startHub() throws Exception {
        hub = MqttTestHub.start(dataDir);
        hub.createDevice("d1");
    }

    @AfterEach
    void stopHub() {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closed by the hub already
            }
        }
        hub.close();
    }

    @Test
    void aReportedPatchIsAcknowledgedOnlyOnceCommittedAndLaterMessagesAfterIt() throws Exception {
        RawMqttConnection device = connect("d1");
        device.subscribe(1, "$iothub/twin/res/#");
        // the patch and a telemetry message right behind it, in one write
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(RawMqttConnection.publishPacket("$iothub/twin/PATCH/properties/reported/?$rid=5",
                "{\"firmware\":\"2.0.0\"}".getBytes(StandardCharsets.UTF_8), 1, 7));
        both.writeBytes(RawMqttConnection.publishPacket("devices/d1/messages/events/", "{}".getBytes(StandardCharsets.UTF_8), 1, 8));
        device.writeRaw(both.toByteArray());

        List<String> seen = new ArrayList<>();
        while (seen.size() < 3) {
            int[] packet = device.readPacket();
            if ((packet[0] & 0xF0) == 0x30) {
                seen.add(RawMqttConnection.topicOf(packet));
            } else if (packet[0] == 0x40) {
                int packetId = packet[1] << 8 | packet[2];
                if (packetId == 7) {
                    // acknowledged means stored
                    assertThat(hub.state.serviceTwin("d1").at("/properties/reported/firmware").asText()).isEqualTo("2.0.0");
                }
                seen.add("PUBACK " + packetId);
            }
        }
        assertThat(seen).containsExactly("$iothub/twin/res/204/?$rid=5&$version=2", "PUBACK 7", "PUBACK 8");
    }

    private RawMqttConnection connect(String deviceId) throws Exception {
        RawMqttConnection raw = RawMqttConnection.open(hub);
        clients.add(raw);
        String key = hub.state.device(deviceId).orElseThrow().primaryKey();
        assertThat(raw.connect(deviceId, hub.host + "/" + deviceId + "/?api-version=2020-09-30",
                SasToken.create(hub.host + "/devices/" + deviceId, key, null, Instant.now().plusSeconds(600)), 60)).isZero();
        return raw;
    }
}
