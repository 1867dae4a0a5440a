package dev.twinops.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.twinops.console.testing.Loopback;
import dev.twinops.hubclient.trust.PerHubTrust;
import dev.twinops.limits.IotHubTier;
import dev.twinops.simulator.fleet.HubTarget;

class EmbeddedLocalHubTest {

    @TempDir
    Path home;

    @Test
    void whileItRunsATerminalSimulatorFindsTheHubInItsDataDirectory() throws Exception {
        String address = Loopback.randomAddress();
        Path data = home.resolve("local-hub");
        EmbeddedLocalHub hub = new EmbeddedLocalHub(data, address, 8443);
        try {
            LocalHubEndpoint endpoint = hub.start();

            Path file = data.resolve("connection.json");
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            HubTarget target = HubTarget.fromHubDataDirectory(data);
            assertThat(target.hubHostName()).isEqualTo(address);
            assertThat(endpoint.serviceEndpoint()).isEqualTo(address + ":8443");
            assertThat(Files.readString(file)).contains("\"serviceEndpoint\" : \"" + address + ":8443\"");
        } finally {
            hub.close();
        }
        // a stopped hub leaves nothing that looks like a running one
        assertThat(data.resolve("connection.json")).doesNotExist();
    }

    @Test
    void itPlaysTheChosenTierSaysSoInItsConnectionFileAndChangesItOnRestart() throws Exception {
        String address = Loopback.randomAddress();
        Path data = home.resolve("local-hub");
        EmbeddedLocalHub hub = new EmbeddedLocalHub(data, address, 8443);
        hub.useTier(LocalHubTier.of(IotHubTier.S2, 3));
        try {
            LocalHubEndpoint endpoint = hub.start();
            assertThat(endpoint.tier()).contains(LocalHubTier.of(IotHubTier.S2, 3));
            assertThat(LocalHubFile.read(data).tier()).contains(LocalHubTier.of(IotHubTier.S2, 3));
            assertThat(hub.hub().config().throttling().describe()).isEqualTo("S2 with 3 units");
            assertThat(PerHubTrust.jvm().trusts(address + ":8443")).isTrue();

            LocalHubEndpoint unlimited = hub.restartWithTier(LocalHubTier.UNLIMITED);
            assertThat(unlimited.serviceEndpoint()).isEqualTo(address + ":8443");
            assertThat(unlimited.tier()).contains(LocalHubTier.UNLIMITED);
            assertThat(LocalHubFile.read(data).tier()).contains(LocalHubTier.UNLIMITED);
            assertThat(hub.hub().config().throttling().enabled()).isFalse();
        } finally {
            hub.close();
        }
    }

    // Port 8883 is really taken in these tests, on addresses of their own (other tests bind random 127.x.y.z:8883).

    @Test
    void whenPort8883IsTakenTheHubMovesToAnAddressOfItsOwnKeepsItAndSaysWhy() throws Exception {
        String wanted = Loopback.randomAddress();
        String own = Loopback.randomAddress();
        List<String> kept = new ArrayList<>();
        EmbeddedLocalHub hub = new EmbeddedLocalHub(home.resolve("local-hub"), wanted, 8443,
                new LocalHubAddresses(List.of(own), new PortListeners()), kept::add);
        try (ServerSocket broker = listenOn(wanted, 8883)) {
            LocalHubEndpoint endpoint = hub.start();

            assertThat(endpoint.serviceEndpoint()).isEqualTo(own + ":8443");
            assertThat(hub.connectionInfo().deviceEndpoint()).isEqualTo(own + ":8883");
            assertThat(kept).containsExactly(own);
            assertThat(endpoint.note()).hasValueSatisfying(note -> assertThat(note)
                    .startsWith(wanted + ":8883 is taken by ")
                    .contains("(pid " + ProcessHandle.current().pid() + ") on " + wanted + ":8883")
                    .endsWith("the local hub uses TwinOps' own address " + own + " instead, also next time"));
            // a restart keeps the new address and has nothing more to say
            LocalHubEndpoint again = hub.restart();
            assertThat(again.serviceEndpoint()).isEqualTo(own + ":8443");
            assertThat(again.note()).isEmpty();
        } finally {
            hub.close();
        }
    }

    @Test
    void whenEveryAddressIsTakenTheMessageNamesTheListenerAndTheFix() throws Exception {
        String wanted = Loopback.randomAddress();
        String own = Loopback.randomAddress();
        EmbeddedLocalHub hub = new EmbeddedLocalHub(home.resolve("local-hub"), wanted, 8443,
                new LocalHubAddresses(List.of(own), new PortListeners()), address -> { });
        try (ServerSocket broker = listenOn(wanted, 8883); ServerSocket other = listenOn(own, 8883)) {
            assertThatThrownBy(hub::start).isInstanceOf(LocalHubAddressException.class)
                    .hasMessageStartingWith(wanted + ":8883 is taken by ")
                    .hasMessageContaining("(pid " + ProcessHandle.current().pid() + ") on " + wanted + ":8883")
                    .hasMessageContaining("TwinOps' own addresses (" + own + ") are taken as well")
                    .hasMessageContaining("-Dtwinops.localhub.bind=127.x.y.z")
                    .hasMessageEndingWith("then choose Hub > Restart local hub.");
            assertThat(hub.connectionInfo()).isNull();
        }
        // once the port is free, Restart local hub starts it where it was wanted
        try {
            assertThat(hub.restart().serviceEndpoint()).isEqualTo(wanted + ":8443");
        } finally {
            hub.close();
        }
    }

    @Test
    void withOnlyOneLoopbackAddressTheMessageSaysHowToAddAnother() throws Exception {
        String wanted = Loopback.randomAddress();
        // 192.0.2.1 (a documentation address) is on no interface here, as 127.84.79.1 is on none on macOS
        EmbeddedLocalHub hub = new EmbeddedLocalHub(home.resolve("local-hub"), wanted, 8443,
                new LocalHubAddresses(List.of("192.0.2.1"), new PortListeners()), address -> { });
        try (ServerSocket broker = listenOn(wanted, 8883)) {
            assertThatThrownBy(hub::start).isInstanceOf(LocalHubAddressException.class)
                    .hasMessageContaining("no other loopback address for the hub: add one with "
                            + "\"sudo ifconfig lo0 alias 192.0.2.1 up\", then choose Hub > Restart local hub.");
        } finally {
            hub.close();
        }
    }

    private static ServerSocket listenOn(String address, int port) throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        return socket;
    }
}
