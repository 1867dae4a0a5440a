package dev.twinops.hub.mqtt;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import dev.twinops.hub.auth.SasToken;
import dev.twinops.hub.testing.DeviceTwinCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clients that connect and then take their time, against a hub whose deadlines are seconds instead of IoT Hub's
 * (30 s to CONNECT, 1767 s of silence at most, 100 unauthenticated connections per address), so the test need not
 * wait half an hour: the same code paths, shorter figures.
 *
 * <p>Each case shortens only the limit it is about and leaves the others at IoT Hub's figures: on a loaded machine a
 * 2 s CONNECT deadline would otherwise also close the connections a keep-alive or per-address case holds open while
 * it works. Times are measured from before the step that starts the hub's timer, so a deadline the hub keeps never
 * looks early, and bounded above generously: without the shortened limit the close would come after IoT Hub's
 * figure or never, far beyond the bound.
 */
class SlowClientTest {
    private static final Duration CONNECT_DEADLINE = Duration.ofSeconds(2);
    private static final Duration MAX_SILENCE = Duration.ofSeconds(3);
    private static final int MAX_PENDING_PER_ADDRESS = 4;
    /** Far beyond each shortened limit, far below IoT Hub's own figures (30 s or more, or no watchdog at all). */
    private static final int CLOSE_BOUND_MILLIS = 20_000;

    @TempDir
    Path dataDir;
    private MqttTestHub hub;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    private void startHub(ConnectionLimits limits) throws Exception {
        hub = MqttTestHub.start(dataDir, limits);
        hub.createDevice("slow");
        hub.createDevice("polite");
    }

    @AfterEach
    void stopHub() {
        trickle.shutdownNow();
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closed by the hub already
            }
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aConnectTrickledAByteAtATimeIsClosedAtTheAbsoluteDeadline() throws Exception {
        startHub(new ConnectionLimits(CONNECT_DEADLINE, ConnectionLimits.MAX_KEEP_ALIVE_TIMEOUT,
                ConnectionLimits.MAX_PENDING_PER_ADDRESS));
        byte[] connect = connectPacket("slow", token("slow"), 60);
        // the hub's deadline starts when it accepts the TCP connection, after this
        long start = System.nanoTime();
        RawMqttConnection slow = track(RawMqttConnection.open(hub));
        AtomicInteger sent = new AtomicInteger();
        // a byte every 200 ms: an idle timer of 2 s would never fire, the whole packet would take many seconds
        ScheduledFuture<?> bytes = trickle.scheduleAtFixedRate(() -> {
            int i = sent.getAndIncrement();
            if (i < connect.length) {
                try {
                    slow.writeRaw(new byte[] {connect[i]});
                } catch (Exception closed) {
                    throw new IllegalStateException(closed);
                }
            }
        }, 0, 200, TimeUnit.MILLISECONDS);

        assertThat(slow.awaitClosedByServer(CLOSE_BOUND_MILLIS)).as("closed by the hub").isTrue();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        bytes.cancel(false);
        assertThat(elapsedMs).as("closed at the CONNECT deadline, not before").isGreaterThanOrEqualTo(CONNECT_DEADLINE.toMillis());
        assertThat(connect.length * 200L).as("the whole CONNECT would take longer than the test waits")
                .isGreaterThan(CLOSE_BOUND_MILLIS);
        assertThat(sent.get()).as("the CONNECT was still arriving").isLessThan(connect.length);
        assertThat(hub.state.presence().isConnected("slow")).isFalse();
    }

    @Test
    void keepAliveZeroStillHasAWatchdogAtTheMaximumSilence() throws Exception {
        assertSilentConnectionDroppedAtTheMaximum(0);
    }

    @Test
    void aKeepAliveAboveTheMaximumIsCapped() throws Exception {
        assertSilentConnectionDroppedAtTheMaximum(1000);
    }

    @Test
    void connectionsThatHaveNotAuthenticatedAreLimitedPerAddress() throws Exception {
        // IoT Hub's CONNECT deadline: the silent connections stay pending however long the device below takes
        startHub(new ConnectionLimits(ConnectionLimits.CONNECT_DEADLINE, ConnectionLimits.MAX_KEEP_ALIVE_TIMEOUT,
                MAX_PENDING_PER_ADDRESS));
        // from another loopback address than the SDK device below, as another machine would be
        String hostileAddress = "127.1." + ThreadLocalRandom.current().nextInt(0, 256) + "." + ThreadLocalRandom.current().nextInt(1, 255);
        List<RawMqttConnection> silent = new ArrayList<>();
        for (int i = 0; i < MAX_PENDING_PER_ADDRESS; i++) {
            silent.add(track(RawMqttConnection.open(hub.host, hub.caPem, hostileAddress)));
        }
        assertThatThrownBy(() -> track(RawMqttConnection.open(hub.host, hub.caPem, hostileAddress)))
                .as("one more from the same address is closed before TLS").isInstanceOf(java.io.IOException.class);

        DeviceClient polite = new DeviceClient(hub.deviceConnectionString("polite"), IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(IotHubSSLContext.getSSLContextFromFile(hub.caPem.toString())).build());
        clients.add(polite::close);
        polite.open(false);
        polite.subscribeToDesiredProperties((twin, context) -> { }, null);
        TwinCollection reported = new TwinCollection();
        reported.put("ok", true);
        DeviceTwinCalls.withRetry(() -> polite.updateReportedProperties(reported, DeviceTwinCalls.TIMEOUT_MILLIS));

        // once one of them authenticates, its place is free
        assertThat(silent.get(0).connect("slow", hub.host + "/slow/?api-version=2020-09-30", token("slow"), 60)).isZero();
        RawMqttConnection next = track(RawMqttConnection.open(hub.host, hub.caPem, hostileAddress));
        assertThat(next.connect("slow", hub.host + "/slow/?api-version=2020-09-30", token("slow"), 60)).isZero();
    }

    private void assertSilentConnectionDroppedAtTheMaximum(int keepAlive) throws Exception {
        startHub(new ConnectionLimits(ConnectionLimits.CONNECT_DEADLINE, MAX_SILENCE,
                ConnectionLimits.MAX_PENDING_PER_ADDRESS));
        RawMqttConnection silent = track(RawMqttConnection.open(hub));
        // the hub's keep-alive watchdog starts when it accepts the CONNECT, after this
        long start = System.nanoTime();
        assertThat(silent.connect("slow", hub.host + "/slow/?api-version=2020-09-30", token("slow"), keepAlive)).isZero();
        assertThat(silent.awaitClosedByServer(CLOSE_BOUND_MILLIS)).as("silent connection dropped").isTrue();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).as("dropped at the maximum silence, not before").isGreaterThanOrEqualTo(MAX_SILENCE.toMillis());
    }

    private String token(String deviceId) {
        return SasToken.create(hub.host + "/devices/" + deviceId, hub.state.registry().device(deviceId).orElseThrow().primaryKey(),
                null, Instant.now().plusSeconds(600));
    }

    /** A CONNECT as RawMqttConnection.connect sends it, as bytes to trickle. */
    private byte[] connectPacket(String clientId, String password, int keepAlive) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4);
        body.write(0xC0);
        body.write(keepAlive >> 8);
        body.write(keepAlive & 0xFF);
        writeString(body, clientId);
        writeString(body, hub.host + "/" + clientId + "/?api-version=2020-09-30");
        writeString(body, password);
        byte[] payload = body.toByteArray();
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        int length = payload.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.write(payload, 0, payload.length);
        return packet.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.write(bytes, 0, bytes.length);
    }

    private <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }
}
