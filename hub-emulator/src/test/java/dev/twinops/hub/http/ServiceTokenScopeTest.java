package dev.twinops.hub.http;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import dev.twinops.hub.auth.SasToken;
import dev.twinops.hub.auth.ServiceAuthenticator;
import dev.twinops.hub.auth.SharedAccessPolicies;
import dev.twinops.hub.state.HubState;
import dev.twinops.hub.testing.LoopbackAddresses;
import dev.twinops.hub.tls.HubCertificates;
import dev.twinops.hubclient.trust.PerHubTrust;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A device-scoped service token through the official RegistryClient, on a service endpoint that accepts any host
 * name in {@code sr} (as a hub bound to 0.0.0.0 does; the MQTT side, which would take 8883 on every address, is
 * left out). Resending the token with its resource encoded once more must not widen it.
 */
class ServiceTokenScopeTest {

    @TempDir
    Path dataDir;

    private EventLoopGroup group;
    private HubState state;
    private ServiceEndpoint endpoint;
    private SharedAccessPolicies policies;
    private String bind;
    private String address;

    @BeforeEach
    void start() throws Exception {
        bind = LoopbackAddresses.random();
        HubCertificates certificates = HubCertificates.loadOrCreate(dataDir, bind);
        policies = SharedAccessPolicies.loadOrCreate(dataDir);
        state = HubState.open(dataDir);
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        endpoint = new ServiceEndpoint(new RouteTable().add(new RegistryRoutes(state)),
                new ServiceAuthenticator(policies, List.of(), Clock.systemUTC()),
                certificates.serverSslContext(), group, group, Clock.systemUTC());
        endpoint.start(new InetSocketAddress(bind, 0));
        address = bind + ":" + endpoint.localAddress().getPort();
        PerHubTrust.jvm().trust(address, certificates.caCertificatePath());
    }

    @AfterEach
    void stop() {
        endpoint.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        state.close();
    }

    @Test
    void aDeviceScopedTokenResentWithADoubleEncodedResourceIsRefusedAndOtherCallersAreServed() throws Exception {
        AzureSasCredential owner = new AzureSasCredential(new IotHubServiceSasToken(IotHubConnectionStringBuilder
                .createIotHubConnectionString("HostName=" + bind + ";SharedAccessKeyName=iothubowner;SharedAccessKey="
                        + policies.policy("iothubowner").orElseThrow().primaryKey())).toString());
        RegistryClient ownerRegistry = new RegistryClient(address, owner);
        ownerRegistry.addDevice(new Device("d1"));
        ownerRegistry.addDevice(new Device("d2"));

        String scoped = SasToken.create(URLEncoder.encode(bind + "/devices/d1", StandardCharsets.UTF_8),
                policies.policy("registryRead").orElseThrow().primaryKey(), "registryRead", Instant.now().plusSeconds(600));
        RegistryClient scopedRegistry = new RegistryClient(address, new AzureSasCredential(scoped));
        assertThat(scopedRegistry.getDevice("d1").getDeviceId()).isEqualTo("d1");
        assertThatThrownBy(() -> scopedRegistry.getDevice("d2")).isInstanceOf(IotHubUnauthorizedException.class);

        String sr = "sr=" + URLEncoder.encode(bind + "/devices/d1", StandardCharsets.UTF_8);
        assertThat(scoped).contains(sr + "&");
        RegistryClient widened = new RegistryClient(address, new AzureSasCredential(
                scoped.replace(sr + "&", sr.replace("%2F", "%252F") + "&")));
        assertThatThrownBy(() -> widened.getDevice("d2")).isInstanceOf(IotHubUnauthorizedException.class)
                .satisfies(e -> assertThat(((IotHubUnauthorizedException) e).getErrorCode()).isEqualTo(401002));
        assertThatThrownBy(() -> widened.getDevice("d1")).isInstanceOf(IotHubUnauthorizedException.class);

        // the rightful holders are served as before
        assertThat(scopedRegistry.getDevice("d1").getDeviceId()).isEqualTo("d1");
        assertThat(ownerRegistry.getDevice("d2").getDeviceId()).isEqualTo("d2");
    }
}
