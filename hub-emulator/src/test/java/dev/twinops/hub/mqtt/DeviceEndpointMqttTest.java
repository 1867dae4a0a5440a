package dev.twinops.hub.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinops.hub.auth.SasToken;
import dev.twinops.hub.methods.DirectMethodResult;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Protocol-level behaviour of the device endpoint, with raw MQTT clients (Paho, or hand-made packets). */
class DeviceEndpointMqttTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    private MqttTestHub hub;
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHub() throws Exception {
        hub = MqttTestHub.start(dataDir);
        hub.createDevice("d1");
        hub.createDevice("d2");
    }

    @AfterEach
    void stopHub() throws Exception {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception ignored) {
                // already closed by the hub
            }
        }
        hub.close();
    }

    // ---- CONNECT ----

    @Test
    void refusesBadCredentialsWithTheConnackCodesIotHubUses() throws Exception {
        String key = hub.state.registry().device("d1").orElseThrow().primaryKey();
        String secondary = hub.state.registry().device("d1").orElseThrow().secondaryKey();
        String otherKey = hub.state.registry().device("d2").orElseThrow().primaryKey();
        String user = hub.host + "/d1/?api-version=2020-09-30";
        Instant later = Instant.now().plusSeconds(600);

        assertThat(rawConnect("d1", user, token("d1", key, later))).as("primary key").isZero();
        assertThat(rawConnect("d1", user, token("d1", secondary, later))).as("secondary key").isZero();
        assertThat(rawConnect("d1", user, token("d1", otherKey, later))).as("wrong key").isEqualTo(5);
        assertThat(rawConnect("d1", user, token("d1", key, Instant.now().minusSeconds(5)))).as("expired").isEqualTo(5);
        assertThat(rawConnect("d1", user, token("d2", otherKey, later))).as("token of another device").isEqualTo(5);
        assertThat(rawConnect("ghost", hub.host + "/ghost/?api-version=2020-09-30", token("ghost", key, later)))
                .as("unknown device").isEqualTo(5);
        assertThat(rawConnect("d1/m1", hub.host + "/d1/m1/?api-version=2020-09-30", token("d1/modules/m1", key, later)))
                .as("module identity").isEqualTo(5);
        assertThat(rawConnect("d1", user, "not a token")).as("malformed password").isEqualTo(4);
        assertThat(rawConnect("d1", null, null)).as("no credentials").isEqualTo(4);
        assertThat(rawConnect("d1", hub.host + "/d2/?api-version=2020-09-30", token("d1", key, later)))
                .as("user name of another device").isEqualTo(4);
        assertThat(rawConnect("", user, token("d1", key, later))).as("empty client id").isEqualTo(2);
        try (RawMqttConnection raw = RawMqttConnection.open(hub)) {
            assertThat(raw.connect("d1", user, token("d1", key, later), 60, 3)).as("MQTT 3.1").isEqualTo(1);
            assertThat(raw.awaitClosedByServer(5000)).isTrue();
        }

        hub.disable("d1");
        assertThat(rawConnect("d1", user, token("d1", key, later))).as("disabled device").isEqualTo(5);
    }

    @Test
    void refusedConnectionIsClosedByTheHub() throws Exception {
        try (RawMqttConnection raw = RawMqttConnection.open(hub)) {
            assertThat(raw.connect("d1", hub.host + "/d1/?api-version=2020-09-30", "SharedAccessSignature sr=x", 60))
                    .isEqualTo(4);
            assertThat(raw.awaitClosedByServer(5000)).isTrue();
        }
    }

    @Test
    void keepAliveIsEnforcedAfterOneAndAHalfPeriods() throws Exception {
        String key = hub.state.registry().device("d1").orElseThrow().primaryKey();
        try (RawMqttConnection raw = RawMqttConnection.open(hub)) {
            long start = System.nanoTime();
            assertThat(raw.connect("d1", hub.host + "/d1/", token("d1", key, Instant.now().plusSeconds(600)), 1)).isZero();
            await().atMost(WAIT).until(() -> hub.state.presence().isConnected("d1"));

            // bounded generously: the hub's timer may fire late on a loaded machine, never early
            assertThat(raw.awaitClosedByServer(20_000)).as("silent client dropped").isTrue();

            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMs).as("dropped after 1.5 x keepAlive, not before").isGreaterThanOrEqualTo(1500L);
            await().atMost(WAIT).until(() -> !hub.state.presence().isConnected("d1"));
        }
    }

    @Test
    void pingingKeepsTheConnectionOpen() throws Exception {
        String key = hub.state.registry().device("d1").orElseThrow().primaryKey();
        try (RawMqttConnection raw = RawMqttConnection.open(hub)) {
            // keepAlive 2 s: dropped after 3 s of silence; pinging every half second for twice that keeps it open
            // (half a second, not one: a loaded machine may take seconds to answer a ping, and the gap must stay
            // under 3 s)
            assertThat(raw.connect("d1", hub.host + "/d1/", token("d1", key, Instant.now().plusSeconds(600)), 2)).isZero();
            long start = System.nanoTime();
            for (int i = 0; System.nanoTime() - start < 6_000_000_000L; i++) {
                raw.pingReq();
                int[] response = raw.readPacket();
                assertThat(response[0]).as("PINGRESP").isEqualTo(0xD0);
                assertThat(raw.awaitClosedByServer(500)).as("still open after %d pings", i + 1).isFalse();
            }
            assertThat(hub.state.presence().isConnected("d1")).isTrue();
        }
    }

    @Test
    void secondConnectionReplacesTheFirst() throws Exception {
        PahoDevice first = track(PahoDevice.connect(hub, "d1"));
        AtomicBoolean firstLost = new AtomicBoolean();
        first.client.setCallback(onConnectionLost(() -> firstLost.set(true)));

        PahoDevice second = track(PahoDevice.connect(hub, "d1"));

        await().atMost(WAIT).untilTrue(firstLost);
        assertThat(second.client.isConnected()).isTrue();
        assertThat(hub.state.presence().isConnected("d1")).isTrue();
        assertThat(hub.endpoint.connectedDeviceCount()).isEqualTo(1);

        second.close();
        await().atMost(WAIT).until(() -> !hub.state.presence().isConnected("d1"));
    }

    @Test
    void disablingAConnectedDeviceDisconnectsIt() throws Exception {
        PahoDevice device = track(PahoDevice.connect(hub, "d1"));
        hub.disable("d1");
        await().atMost(WAIT).until(() -> !device.client.isConnected());
    }

    // ---- namespaces ----

    @Test
    void deviceCannotSubscribeOutsideItsNamespace() throws Exception {
        PahoDevice d1 = track(PahoDevice.connect(hub, "d1"));
        for (String filter : List.of("devices/d2/messages/devicebound/#", "devices/+/messages/events/#", "#", "$iothub/#")) {
            assertThatThrownBy(() -> d1.client.subscribe(filter, 1))
                    .as(filter)
                    .isInstanceOfSatisfying(MqttException.class,
                            e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_SUBSCRIBE_FAILED));
        }
        assertThat(hub.state.sessions().subscriptions("d1")).isEmpty();
        d1.client.subscribe("devices/d1/messages/devicebound/#", 1);
        assertThat(hub.state.sessions().subscriptions("d1")).containsExactly("devices/d1/messages/devicebound/#");
    }

    @Test
    void publishingOnAnotherDevicesTopicDisconnects() throws Exception {
        PahoDevice d1 = track(PahoDevice.connect(hub, "d1"));
        try {
            d1.publish("devices/d2/messages/events/", "{}");
        } catch (MqttException expected) {
            // the hub closes the connection instead of acknowledging
        }
        await().atMost(WAIT).until(() -> !d1.client.isConnected());
        assertThat(hub.endpoint.telemetryCount("d2")).isZero();
    }

    @Test
    void methodRequestsReachOnlyTheTargetDeviceAndOnlyItsAnswerCounts() throws Exception {
        PahoDevice d1 = track(PahoDevice.connect(hub, "d1"));
        PahoDevice d2 = track(PahoDevice.connect(hub, "d2"));
        List<String> d1Topics = new CopyOnWriteArrayList<>();
        List<String> d2Topics = new CopyOnWriteArrayList<>();
        d1.subscribe("$iothub/methods/POST/#", (topic, message) -> d1Topics.add(topic));
        d2.subscribe("$iothub/methods/POST/#", (topic, message) -> d2Topics.add(topic));

        CompletableFuture<DirectMethodResult> call = hub.router.invoke("d1", "reboot", JSON.readTree("{\"a\":1}"), 30, 0);

        await().atMost(WAIT).until(() -> d1Topics.size() == 1);
        String topic = d1Topics.get(0);
        assertThat(topic).startsWith("$iothub/methods/POST/reboot/?$rid=");
        String rid = topic.substring(topic.indexOf("$rid=") + 5);

        d2.publish("$iothub/methods/res/200/?$rid=" + rid, "{\"from\":\"d2\"}");
        assertThat(call).as("an answer from another device is ignored").isNotDone();

        d1.publish("$iothub/methods/res/201/?$rid=" + rid, "{\"from\":\"d1\"}");
        DirectMethodResult result = call.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(201);
        assertThat(result.payload()).isEqualTo(JSON.readTree("{\"from\":\"d1\"}"));
        assertThat(d2Topics).isEmpty();
    }

    @Test
    void twinResponsesGoOnlyToTheAskingConnection() throws Exception {
        hub.state.patchTwin("d1", JSON.readTree("{\"properties\":{\"desired\":{\"interval\":10}}}"), null).join();
        PahoDevice d1 = track(PahoDevice.connect(hub, "d1"));
        PahoDevice d2 = track(PahoDevice.connect(hub, "d2"));
        List<MqttMessageAt> d1Messages = new CopyOnWriteArrayList<>();
        List<MqttMessageAt> d2Messages = new CopyOnWriteArrayList<>();
        d1.subscribe("$iothub/twin/res/#", (topic, message) -> d1Messages.add(new MqttMessageAt(topic, message)));
        d2.subscribe("$iothub/twin/res/#", (topic, message) -> d2Messages.add(new MqttMessageAt(topic, message)));

        d1.publish("$iothub/twin/GET/?$rid=42", "");

        await().atMost(WAIT).until(() -> d1Messages.size() == 1);
        assertThat(d1Messages.get(0).topic()).isEqualTo("$iothub/twin/res/200/?$rid=42");
        JsonNode twin = JSON.readTree(d1Messages.get(0).message().getPayload());
        assertThat(twin.at("/desired/interval").asInt()).isEqualTo(10);
        assertThat(twin.at("/desired/$version").asLong()).isEqualTo(2);
        assertThat(twin.at("/reported/$version").asLong()).isEqualTo(1);
        assertThat(d2Messages).isEmpty();
    }

    @Test
    void reportedPatchIsAnsweredWithItsVersionOnceStoredAndRefusalsWith400() throws Exception {
        PahoDevice d1 = track(PahoDevice.connect(hub, "d1"));
        List<MqttMessageAt> responses = new CopyOnWriteArrayList<>();
        d1.subscribe("$iothub/twin/res/#", (topic, message) -> responses.add(new MqttMessageAt(topic, message)));

        d1.publish("$iothub/twin/PATCH/properties/reported/?$rid=1", "{\"firmware\":\"1.2.0\"}");
        await().atMost(WAIT).until(() -> responses.size() == 1);
        assertThat(responses.get(0).topic()).isEqualTo("$iothub/twin/res/204/?$rid=1&$version=2");
        assertThat(responses.get(0).message().getPayload()).isEmpty();
        assertThat(hub.state.serviceTwin("d1").at("/properties/reported/firmware").asText()).isEqualTo("1.2.0");

        d1.publish("$iothub/twin/PATCH/properties/reported/?$rid=2", "{not json");
        d1.publish("$iothub/twin/PATCH/properties/reported/?$rid=3", "{\"list\":[1,null]}");
        await().atMost(WAIT).until(() -> responses.size() == 3);
        assertThat(responses.get(1).topic()).isEqualTo("$iothub/twin/res/400/?$rid=2");
        assertThat(JSON.readTree(responses.get(1).message().getPayload()).get("errorCode").asInt()).isEqualTo(400004);
        assertThat(responses.get(2).topic()).isEqualTo("$iothub/twin/res/400/?$rid=3");
        assertThat(hub.state.serviceTwin("d1").at("/properties/reported/$version").asLong()).isEqualTo(2);
    }

    @Test
    void desiredChangesArePushedToSubscribedDevicesOnly() throws Exception {
        PahoDevice d1 = track(PahoDevice.connect(hub, "d1"));
        PahoDevice d2 = track(PahoDevice.connect(hub, "d2"));
        List<MqttMessageAt> d1Patches = new CopyOnWriteArrayList<>();
        d1.subscribe("$iothub/twin/PATCH/properties/desired/#", (topic, message) -> d1Patches.add(new MqttMessageAt(topic, message)));
        List<String> d2Topics = new CopyOnWriteArrayList<>();
        d2.subscribe("$iothub/twin/res/#", (topic, message) -> d2Topics.add(topic));

        hub.state.patchTwin("d1", JSON.readTree("{\"properties\":{\"desired\":{\"interval\":30}}}"), null).join();
        hub.state.patchTwin("d2", JSON.readTree("{\"properties\":{\"desired\":{\"interval\":40}}}"), null).join();

        await().atMost(WAIT).until(() -> d1Patches.size() == 1);
        assertThat(d1Patches.get(0).topic()).isEqualTo("$iothub/twin/PATCH/properties/desired/?$version=2");
        JsonNode patch = JSON.readTree(d1Patches.get(0).message().getPayload());
        assertThat(patch.get("interval").asInt()).isEqualTo(30);
        assertThat(patch.get("$version").asLong()).isEqualTo(2);
        assertThat(d2Topics).as("d2 is not subscribed to desired patches").isEmpty();
    }

    @Test
    void telemetryIsAcknowledgedAndCounted() throws Exception {
        PahoDevice d1 = track(PahoDevice.connect(hub, "d1"));
        for (int i = 0; i < 3; i++) {
            // QoS 1: returns only after the hub's PUBACK
            d1.publish("devices/d1/messages/events/%24.ct=application%2Fjson", "{\"t\":" + i + "}");
        }
        assertThat(hub.endpoint.telemetryCount("d1")).isEqualTo(3);
        assertThat(hub.endpoint.telemetryCount("d2")).isZero();
    }

    // ---- sessions ----

    @Test
    void subscriptionsSurviveReconnectsAndHubRestarts() throws Exception {
        PahoDevice first = track(PahoDevice.connect(hub, "d1"));
        first.echoMethods();
        first.close();

        PahoDevice second = track(PahoDevice.connect(hub, "d1"));
        List<String> topics = new CopyOnWriteArrayList<>();
        second.client.setCallback(onMessage((topic, message) -> {
            topics.add(topic);
            second.publishAsync("$iothub/methods/res/200/?$rid=" + topic.substring(topic.indexOf("$rid=") + 5),
                    message.getPayload());
        }));
        DirectMethodResult afterReconnect = hub.router.invoke("d1", "ping", JSON.readTree("1"), 10, 10).get(20,
                java.util.concurrent.TimeUnit.SECONDS);
        assertThat(afterReconnect.status()).isEqualTo(200);
        assertThat(topics).hasSize(1);
        second.close();

        hub.restart();

        PahoDevice third = track(PahoDevice.connect(hub, "d1"));
        third.client.setCallback(onMessage((topic, message) ->
                third.publishAsync("$iothub/methods/res/200/?$rid=" + topic.substring(topic.indexOf("$rid=") + 5),
                        message.getPayload())));
        DirectMethodResult afterRestart = hub.router.invoke("d1", "ping", JSON.readTree("2"), 10, 10).get(20,
                java.util.concurrent.TimeUnit.SECONDS);
        assertThat(afterRestart.payload().asInt()).isEqualTo(2);
    }

    @Test
    void cleanSessionForgetsTheStoredSubscriptions() throws Exception {
        PahoDevice first = track(PahoDevice.connect(hub, "d1"));
        first.echoMethods();
        first.close();
        assertThat(hub.state.sessions().subscriptions("d1")).contains("$iothub/methods/POST/#");

        PahoDevice clean = track(PahoDevice.create(hub, "d1"));
        MqttConnectOptions options = PahoDevice.options(hub, "d1", hub.state.registry().device("d1").orElseThrow().primaryKey(),
                Instant.now().plusSeconds(600));
        options.setCleanSession(true);
        clean.client.connect(options);

        await().atMost(WAIT).until(() -> hub.state.sessions().subscriptions("d1").isEmpty());
        assertThat(hub.router.invoke("d1", "ping", null, 5, 0)).failsWithin(WAIT);
    }

    // ---- helpers ----

    private record MqttMessageAt(String topic, MqttMessage message) {
    }

    private int rawConnect(String clientId, String user, String password) throws Exception {
        try (RawMqttConnection raw = RawMqttConnection.open(hub)) {
            return raw.connect(clientId, user, password, 60);
        }
    }

    private String token(String devicePath, String key, Instant expiry) {
        return SasToken.create(hub.host + "/devices/" + devicePath, key, null, expiry);
    }

    private PahoDevice track(PahoDevice device) {
        clients.add(device);
        return device;
    }

    private interface MessageHandler {
        void handle(String topic, MqttMessage message) throws Exception;
    }

    private static MqttCallback onMessage(MessageHandler handler) {
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                handler.handle(topic, message);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        };
    }

    private static MqttCallback onConnectionLost(Runnable lost) {
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.run();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        };
    }
}
