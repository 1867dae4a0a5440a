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
        // the PUBACK before the answer: the device SDK forgets a request once answered and would miss a later PUBACK
        assertThat(seen).containsExactly("PUBACK 7", "$iothub/twin/res/204/?$rid=5&$version=2", "PUBACK 8");
    }

    @Test
    void aTwinGetIsAcknowledgedBeforeItIsAnsweredEvenBehindAPatchStillBeingStored() throws Exception {
        RawMqttConnection device = connect("d1");
        device.subscribe(1, "$iothub/twin/res/#");
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(RawMqttConnection.publishPacket("$iothub/twin/PATCH/properties/reported/?$rid=5",
                "{\"firmware\":\"2.0.0\"}".getBytes(StandardCharsets.UTF_8), 1, 7));
        both.writeBytes(RawMqttConnection.publishPacket("$iothub/twin/GET/?$rid=6", new byte[0], 1, 8));
        device.writeRaw(both.toByteArray());

        List<String> seen = new ArrayList<>();
        while (seen.size() < 4) {
            int[] packet = device.readPacket();
            if ((packet[0] & 0xF0) == 0x30) {
                seen.add(RawMqttConnection.topicOf(packet));
            } else if (packet[0] == 0x40) {
                seen.add("PUBACK " + (packet[1] << 8 | packet[2]));
            }
        }
        assertThat(seen).containsExactly("PUBACK 7", "$iothub/twin/res/204/?$rid=5&$version=2",
                "PUBACK 8", "$iothub/twin/res/200/?$rid=6");
    }

    @Test
    void aMethodRequestTheDeviceDidNotAcknowledgeIsSentAgainWithItsPacketIdWhenItsSessionReconnects() throws Exception {
        RawMqttConnection first = connect("d1");
        first.subscribe(1, "$iothub/methods/POST/#");
        var call = hub.router.invoke("d1", "reboot", new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"delay\":1}"), 30, 0);
        int[] request = first.readPacket();
        assertThat(request[0]).as("PUBLISH, QoS 1, first delivery").isEqualTo(0x32);
        String topic = RawMqttConnection.topicOf(request);
        int packetId = RawMqttConnection.packetIdOf(request);
        first.close(); // without a PUBACK

        RawMqttConnection second = connect("d1");
        assertThat(second.sessionPresent()).isTrue();
        int[] again = second.readPacket();
        assertThat(again[0]).as("PUBLISH, QoS 1, DUP").isEqualTo(0x3A);
        assertThat(RawMqttConnection.topicOf(again)).isEqualTo(topic);
        assertThat(RawMqttConnection.packetIdOf(again)).isEqualTo(packetId);
        assertThat(RawMqttConnection.payloadOf(again)).isEqualTo("{\"delay\":1}");
        second.pubAck(packetId);
        second.publish("$iothub/methods/res/200/?$rid=" + topic.substring(topic.indexOf("$rid=") + 5),
                "{\"ok\":true}".getBytes(StandardCharsets.UTF_8), 1, 9);
        assertThat(call.get(20, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);

        // acknowledged now: a third connection gets nothing again (PINGRESP is the first packet after CONNACK)
        second.close();
        RawMqttConnection third = connect("d1");
        third.pingReq();
        assertThat(third.readPacket()[0]).as("PINGRESP").isEqualTo(0xD0);
    }

    @Test
    void aCleanSessionDiscardsWhatWasNotAcknowledged() throws Exception {
        RawMqttConnection first = connect("d1");
        first.subscribe(1, "$iothub/methods/POST/#");
        hub.router.invoke("d1", "reboot", null, 30, 0);
        assertThat(first.readPacket()[0]).isEqualTo(0x32);
        first.close();

        RawMqttConnection clean = track(RawMqttConnection.open(hub));
        String key = hub.state.registry().device("d1").orElseThrow().primaryKey();
        assertThat(clean.connectClean("d1", hub.host + "/d1/?api-version=2020-09-30",
                SasToken.create(hub.host + "/devices/d1", key, null, Instant.now().plusSeconds(600)), 60)).isZero();
        assertThat(clean.sessionPresent()).isFalse();
        clean.pingReq();
        assertThat(clean.readPacket()[0]).as("PINGRESP, nothing sent again").isEqualTo(0xD0);
    }

    private RawMqttConnection track(RawMqttConnection raw) {
        clients.add(raw);
        return raw;
    }

    private RawMqttConnection connect(String deviceId) throws Exception {
        RawMqttConnection raw = RawMqttConnection.open(hub);
        clients.add(raw);
        String key = hub.state.registry().device(deviceId).orElseThrow().primaryKey();
        assertThat(raw.connect(deviceId, hub.host + "/" + deviceId + "/?api-version=2020-09-30",
                SasToken.create(hub.host + "/devices/" + deviceId, key, null, Instant.now().plusSeconds(600)), 60)).isZero();
        return raw;
    }
}
