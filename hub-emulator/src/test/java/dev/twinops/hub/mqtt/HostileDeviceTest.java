package dev.twinops.hub.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import dev.twinops.hub.auth.SasToken;
import dev.twinops.hub.testing.DeviceTwinCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Devices that misbehave on purpose, each checked for the hub's answer and for a well-behaved device on the
 * official SDK that keeps being served alongside.
 */
class HostileDeviceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] EMPTY = new byte[0];

    @TempDir
    Path dataDir;
    private MqttTestHub hub;
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHub() throws Exception {
        hub = MqttTestHub.start(dataDir);
        hub.createDevice("hostile");
        hub.createDevice("polite");
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

    // ---- back-pressure ----

    @Test
    void aDeviceThatSendsTwinGetsAndStopsReadingCannotMakeTheHubQueueAnswersWithoutBound() throws Exception {
        // a twin of about 28 KB: the first answers fill the session's 3.2 MB of unacknowledged messages (the device
        // acknowledges none), the rest are 429s of a few hundred bytes each; 20,000 requests ask for about 10 MB,
        // well beyond what loopback sockets buffer (a 4 MB send buffer at most), so the hub has to stop reading
        var desired = JSON.createObjectNode();
        for (int i = 0; i < 7; i++) {
            desired.put("big" + i, "x".repeat(4000));
        }
        hub.state.patchTwin("hostile", JSON.createObjectNode().set("properties", JSON.createObjectNode().set("desired", desired)),
                null).join();
        RawMqttConnection hostile = connectRaw("hostile");
        assertThat(hostile.subscribe(1, "$iothub/twin/res/#")).containsExactly(1);
        int requests = 20_000;
        ByteArrayOutputStream gets = new ByteArrayOutputStream();
        for (int i = 0; i < requests; i++) {
            gets.writeBytes(RawMqttConnection.publishPacket("$iothub/twin/GET/?$rid=" + i, EMPTY, 1, i % 60000 + 1));
        }
        // from another thread: once the hub stops reading, the requests it has not read may not fit the socket
        // buffers either, and the write then waits until the device reads its answers below
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                hostile.writeRaw(gets.toByteArray());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, task -> new Thread(task, "hostile-writer").start());

        // the hub stops reading while its answers do not drain: what it holds stays near MAX_IN_FLIGHT answers
        // (and the 429s to the requests of the read it was in)
        long bound = 2L * 1024 * 1024;
        await().atMost(WAIT).until(() -> hub.endpoint.queuedOutboundBytes() > 0
                && hub.endpoint.channels().stream().anyMatch(channel -> !channel.config().isAutoRead()));
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> hub.endpoint.queuedOutboundBytes() <= bound);

        // meanwhile a device on the SDK reads its twin and reports
        DeviceClient polite = openSdkDevice("polite");
        TwinCollection reported = new TwinCollection();
        reported.put("firmwareVersion", "1.0.1");
        DeviceTwinCalls.withRetry(() -> polite.updateReportedProperties(reported, DeviceTwinCalls.TIMEOUT_MILLIS));
        assertThat(DeviceTwinCalls.withRetry(() -> polite.getTwin(DeviceTwinCalls.TIMEOUT_MILLIS))
                .getReportedProperties().get("firmwareVersion")).isEqualTo("1.0.1");

        // reading again, the hostile device gets an answer to every request: the twin, or 429 beyond the cap
        int ok = 0;
        int throttled = 0;
        while (ok + throttled < requests) {
            int[] packet = hostile.readPacket();
            if ((packet[0] & 0xF0) != 0x30) {
                continue; // PUBACKs of its requests
            }
            String topic = RawMqttConnection.topicOf(packet);
            if (topic.startsWith("$iothub/twin/res/200/")) {
                ok++;
            } else if (topic.startsWith("$iothub/twin/res/429/")) {
                assertThat(RawMqttConnection.payloadOf(packet)).contains("429001");
                throttled++;
            } else {
                throw new AssertionError("unexpected answer " + topic);
            }
        }
        assertThat(ok).isGreaterThanOrEqualTo(TwinRequests.MAX_IN_FLIGHT);
        assertThat(throttled).isPositive();
        assertThat(sent).succeedsWithin(WAIT);
    }

    @Test
    void anOversizedReportedPatchIsRefusedFromItsLengthAndTheTwinIsUnchanged() throws Exception {
        RawMqttConnection hostile = connectRaw("hostile");
        hostile.subscribe(1, "$iothub/twin/res/#");
        byte[] patch = ("{\"blob\":\"" + "y".repeat(100 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        hostile.publish("$iothub/twin/PATCH/properties/reported/?$rid=7", patch, 1, 2);

        int[] answer = readPublish(hostile);
        assertThat(RawMqttConnection.topicOf(answer)).isEqualTo("$iothub/twin/res/400/?$rid=7");
        assertThat(RawMqttConnection.payloadOf(answer)).contains("400004").contains("cannot fit the 32 KB");
        assertThat(hub.state.serviceTwin("hostile").at("/properties/reported/blob").isMissingNode()).isTrue();

        DeviceClient polite = openSdkDevice("polite");
        TwinCollection reported = new TwinCollection();
        reported.put("ok", true);
        DeviceTwinCalls.withRetry(() -> polite.updateReportedProperties(reported, DeviceTwinCalls.TIMEOUT_MILLIS));
        assertThat(hub.state.serviceTwin("polite").at("/properties/reported/ok").asBoolean()).isTrue();
    }

    // ---- subscriptions ----

    @Test
    void subscriptionsAreCappedInNumberAndLengthAndTheStoredSessionStaysSmall() throws Exception {
        RawMqttConnection hostile = connectRaw("hostile");
        assertThat(hostile.subscribe(1, "$iothub/twin/res/#", "$iothub/methods/POST/#",
                "$iothub/twin/PATCH/properties/desired/#", "devices/hostile/messages/devicebound/#",
                "$iothub/methods/POST/a", "$iothub/methods/POST/b", "$iothub/methods/POST/" + "x".repeat(300)))
                .containsExactly(1, 1, 1, 1, 1, 0x80, 0x80);
        // twelve packets of a hundred 2 KB filters each: all refused, nothing stored
        for (int packet = 0; packet < 12; packet++) {
            String[] filters = new String[100];
            for (int i = 0; i < filters.length; i++) {
                filters[i] = "$iothub/methods/POST/" + packet + "-" + i + "-" + "f".repeat(2000);
            }
            assertThat(hostile.subscribe(10 + packet, filters)).containsOnly(0x80);
        }
        assertThat(hub.state.sessions().subscriptions("hostile")).hasSize(SessionSubscriptions.MAX_FILTERS);
        long stateBytes;
        try (var files = java.nio.file.Files.list(dataDir)) {
            stateBytes = files.filter(f -> f.getFileName().toString().startsWith("state.db"))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
        assertThat(stateBytes).as("state.db and its WAL").isLessThan(1024 * 1024);

        DeviceClient polite = openSdkDevice("polite");
        polite.subscribeToMethods((method, payload, context) ->
                new com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse(200, null), null);
        assertThat(hub.router.invoke("polite", "ping", null, 10, 0).get(20, java.util.concurrent.TimeUnit.SECONDS)
                .status()).isEqualTo(200);
    }

    // ---- method responses ----

    @Test
    void aMethodResponseOverIotHubs128KbFailsTheCallAndOneAtTheLimitIsPassedOn() throws Exception {
        RawMqttConnection hostile = connectRaw("hostile");
        assertThat(hostile.subscribe(1, "$iothub/methods/POST/#")).containsExactly(1);

        var tooLarge = hub.router.invoke("hostile", "dump", null, 30, 0);
        String rid = requestIdOf(readPublish(hostile));
        byte[] big = ("\"" + "z".repeat(200 * 1024) + "\"").getBytes(StandardCharsets.UTF_8);
        hostile.publish("$iothub/methods/res/200/?$rid=" + rid, big, 1, 3);
        assertThat(tooLarge).failsWithin(WAIT).withThrowableThat().havingRootCause()
                .isInstanceOfSatisfying(dev.twinops.hub.state.HubException.class, e -> assertThat(e.error())
                        .isEqualTo(dev.twinops.hub.state.HubError.MESSAGE_TOO_LARGE))
                .withMessageContaining("limit for a method payload is 131072 bytes");

        var atTheLimit = hub.router.invoke("hostile", "dump", null, 30, 0);
        rid = requestIdOf(readPublish(hostile));
        byte[] largest = ("\"" + "z".repeat(128 * 1024 - 2) + "\"").getBytes(StandardCharsets.UTF_8);
        assertThat(largest).hasSize(128 * 1024);
        hostile.publish("$iothub/methods/res/200/?$rid=" + rid, largest, 1, 4);
        assertThat(atTheLimit.get(20, java.util.concurrent.TimeUnit.SECONDS).payload().asText()).hasSize(128 * 1024 - 2);

        DeviceClient polite = openSdkDevice("polite");
        polite.subscribeToMethods((method, payload, context) ->
                new com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse(200, null), null);
        assertThat(hub.router.invoke("polite", "ping", null, 10, 0).get(20, java.util.concurrent.TimeUnit.SECONDS)
                .status()).isEqualTo(200);
    }

    private static String requestIdOf(int[] publish) {
        String topic = RawMqttConnection.topicOf(publish);
        return topic.substring(topic.indexOf("$rid=") + "$rid=".length());
    }

    // ---- helpers ----

    private RawMqttConnection connectRaw(String deviceId) throws Exception {
        RawMqttConnection raw = RawMqttConnection.open(hub);
        clients.add(raw);
        String key = hub.state.registry().device(deviceId).orElseThrow().primaryKey();
        // keepAlive 0: the hub's longest watchdog (29 minutes), so a device the hub has stopped reading is not
        // dropped for silence while a slow machine runs the rest of the case (keep-alive has its own tests)
        int code = raw.connect(deviceId, hub.host + "/" + deviceId + "/?api-version=2020-09-30",
                SasToken.create(hub.host + "/devices/" + deviceId, key, null, Instant.now().plusSeconds(600)), 0);
        assertThat(code).as("CONNACK").isZero();
        return raw;
    }

    private DeviceClient openSdkDevice(String deviceId) throws Exception {
        DeviceClient client = new DeviceClient(hub.deviceConnectionString(deviceId), IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(IotHubSSLContext.getSSLContextFromFile(hub.caPem.toString())).build());
        clients.add(client::close);
        client.open(false);
        client.subscribeToDesiredProperties((twin, context) -> { }, null);
        return client;
    }

    /** The next PUBLISH from the hub, skipping acknowledgements. */
    private static int[] readPublish(RawMqttConnection raw) throws Exception {
        while (true) {
            int[] packet = raw.readPacket();
            if ((packet[0] & 0xF0) == 0x30) {
                return packet;
            }
        }
    }
}
