package dev.twinops.hub.net;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClientOptions;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import dev.twinops.hub.HubStartException;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.testing.TestHubs;
import dev.twinops.hub.tls.ServerTlsProvider;
import io.netty.channel.epoll.Epoll;
import io.netty.handler.ssl.OpenSsl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The hub runs on netty's native epoll transport and BoringSSL where they load, and on Java NIO and the JDK's TLS
 * where they do not (forced here with the system properties): both ways the official clients call a device's method.
 */
class JavaTransportAndTlsFallbackTest {

    @TempDir
    Path dataDir;
    private final ListAppender<ILoggingEvent> hubLog = new ListAppender<>();

    @BeforeEach
    void listen() {
        // each test sets what it needs: "default" means no choice made, whatever the command line said
        System.clearProperty(Transport.PROPERTY);
        System.clearProperty(ServerTlsProvider.PROPERTY);
        hubLog.start();
        ((Logger) LoggerFactory.getLogger(LocalHub.class)).addAppender(hubLog);
    }

    @AfterEach
    void clear() {
        ((Logger) LoggerFactory.getLogger(LocalHub.class)).detachAppender(hubLog);
        System.clearProperty(Transport.PROPERTY);
        System.clearProperty(ServerTlsProvider.PROPERTY);
    }

    @Test
    void withNioAndTheJdksTlsForcedTheHubStartsOnThemAndAMethodCallRoundTrips() throws Exception {
        System.setProperty(Transport.PROPERTY, "nio");
        System.setProperty(ServerTlsProvider.PROPERTY, "jdk");
        try (LocalHub hub = TestHubs.start(dataDir)) {
            assertThat(readyLine()).contains("(NIO transport, TLS by JDK)");
            assertMethodCallRoundTrips(hub);
        }
    }

    @Test
    void byDefaultTheHubUsesTheNativeTransportAndBoringSslWhereTheyLoad() throws Exception {
        assumeTrue(Epoll.isAvailable() && OpenSsl.isAvailable(), "netty's native libraries load on this machine");
        try (LocalHub hub = TestHubs.start(dataDir)) {
            assertThat(readyLine()).contains("(EPOLL transport, TLS by OPENSSL)");
            assertMethodCallRoundTrips(hub);
        }
    }

    @Test
    void anUnknownChoiceStopsTheStartWithAMessageThatSaysWhatIsAllowed() {
        System.setProperty(Transport.PROPERTY, "io_uring");
        assertThatThrownBy(() -> TestHubs.start(dataDir))
                .isInstanceOf(HubStartException.class)
                .hasMessageContaining("use nio, epoll or auto");
    }

    private String readyLine() {
        return hubLog.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("Local hub ready")).findFirst().orElseThrow();
    }

    private static void assertMethodCallRoundTrips(LocalHub hub) throws Exception {
        String endpoint = hub.connectionInfo().serviceEndpoint();
        new RegistryClient(endpoint, TestHubs.credential(hub, "iothubowner")).addDevice(new Device("fallback-1"));
        DeviceClient device = new DeviceClient(hub.deviceConnectionString("fallback-1"), IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(IotHubSSLContext.getSSLContextFromFile(
                        hub.connectionInfo().caCertificatePath().toString())).build());
        device.open(true);
        try {
            device.subscribeToMethods((method, payload, context) ->
                    new DirectMethodResponse(200, Map.of("echo", method)), null);
            DirectMethodsClient methods = new DirectMethodsClient(endpoint, TestHubs.credential(hub, "service"),
                    DirectMethodsClientOptions.builder().httpReadTimeoutSeconds(40).build());
            var response = methods.invoke("fallback-1", "reboot", DirectMethodRequestOptions.builder()
                    .methodResponseTimeoutSeconds(30).payload(Map.of("delay", 1)).build());
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getPayloadAsJsonString()).contains("\"echo\":\"reboot\"");
        } finally {
            device.close();
        }
    }
}
