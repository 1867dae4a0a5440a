package dev.twinops.hub.mqtt;

import dev.twinops.hub.methods.DirectMethodRouter;
import dev.twinops.hub.net.Transport;
import dev.twinops.hub.state.DeviceIdentity;
import dev.twinops.hub.state.DeviceStatus;
import dev.twinops.hub.state.HubState;
import dev.twinops.hub.testing.LoopbackAddresses;
import dev.twinops.hub.tls.HubCertificates;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A hub with only its device side: state, certificates, the method router and the MQTT endpoint on a random
 * loopback address, port 8883. Restartable on the same data directory.
 */
final class MqttTestHub implements AutoCloseable {
    final Path dataDir;
    final String host;
    final Path caPem;
    private final ConnectionLimits limits;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    HubState state;
    DirectMethodRouter router;
    DeviceEndpoint endpoint;

    private MqttTestHub(Path dataDir, String host, ConnectionLimits limits) throws IOException {
        this.dataDir = dataDir;
        this.host = host;
        this.limits = limits;
        this.caPem = HubCertificates.loadOrCreate(dataDir, host).caCertificatePath();
    }

    static MqttTestHub start(Path dataDir) throws IOException {
        return start(dataDir, ConnectionLimits.IOT_HUB);
    }

    /** With other deadlines and limits than IoT Hub's, so tests need not wait half an hour. */
    static MqttTestHub start(Path dataDir, ConnectionLimits limits) throws IOException {
        MqttTestHub hub = new MqttTestHub(dataDir, LoopbackAddresses.random(), limits);
        hub.startServers();
        return hub;
    }

    private void startServers() throws IOException {
        HubCertificates certificates = HubCertificates.loadOrCreate(dataDir, host);
        // the hub's own choice (-Dtwinops.hub.transport), so the device tests run on either transport
        Transport transport = Transport.configured();
        boss = transport.newGroup(1, new DefaultThreadFactory("test-hub-accept", true));
        workers = transport.newGroup(2, new DefaultThreadFactory("test-hub-io", true));
        state = HubState.open(dataDir);
        router = new DirectMethodRouter(state, workers);
        endpoint = new DeviceEndpoint(state, router, certificates.serverSslContext(), boss, workers, limits);
        endpoint.start(InetAddress.getByName(host));
    }

    /** Stops everything and starts again on the same data directory and address. */
    void restart() throws IOException {
        stopServers();
        startServers();
    }

    DeviceIdentity createDevice(String deviceId) {
        return state.registry().putDevice(new DeviceIdentity(deviceId, null, null, DeviceStatus.ENABLED, null, null, null, null), null)
                .join();
    }

    DeviceIdentity disable(String deviceId) {
        return state.registry().putDevice(new DeviceIdentity(deviceId, null, null, DeviceStatus.DISABLED, null, null, null, null), "*")
                .join();
    }

    String deviceConnectionString(String deviceId) {
        return "HostName=" + host + ";DeviceId=" + deviceId + ";SharedAccessKey="
                + state.registry().device(deviceId).orElseThrow().primaryKey();
    }

    private void stopServers() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (router != null) {
            router.close();
        }
        if (state != null) {
            state.close();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        stopServers();
    }
}
