package dev.twinops.hub.mqtt;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.twinops.hub.methods.DirectMethodResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** 1,000 direct-method calls in flight at once, against a few raw MQTT devices that answer at once. */
class ConcurrentInvocationsTest {
    private static final int DEVICES = 4;
    private static final int CALLS = 1000;

    @TempDir
    Path dataDir;
    private MqttTestHub hub;
    private final List<PahoDevice> devices = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        hub = MqttTestHub.start(dataDir);
        for (int i = 0; i < DEVICES; i++) {
            hub.createDevice("echo-" + i);
            PahoDevice device = PahoDevice.connect(hub, "echo-" + i);
            device.echoMethods();
            devices.add(device);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (PahoDevice device : devices) {
            device.close();
        }
        hub.close();
    }

    @Test
    void thousandCallsInFlightAllComplete() throws Exception {
        int threadsBefore = Thread.activeCount();
        List<CompletableFuture<DirectMethodResult>> calls = new ArrayList<>(CALLS);
        for (int i = 0; i < CALLS; i++) {
            calls.add(hub.router.invoke("echo-" + (i % DEVICES), "echo", IntNode.valueOf(i), 60, 0));
        }
        // every call is issued before any needs to finish; none holds a thread
        assertThat(Thread.activeCount()).isLessThan(threadsBefore + 10);

        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        for (int i = 0; i < CALLS; i++) {
            DirectMethodResult result = calls.get(i).join();
            assertThat(result.status()).isEqualTo(200);
            assertThat(result.payload().asInt()).as("call %d got its own answer", i).isEqualTo(i);
        }
        assertThat(hub.router.pendingCount()).isZero();
    }
}
