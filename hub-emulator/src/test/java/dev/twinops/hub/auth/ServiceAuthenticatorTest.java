package dev.twinops.hub.auth;

import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import dev.twinops.hub.throttle.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceAuthenticatorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Set<Permission> SERVICE_CONNECT = Set.of(Permission.SERVICE_CONNECT);

    @TempDir
    Path dataDir;

    private SharedAccessPolicies policies;
    private ServiceAuthenticator authenticator;

    @BeforeEach
    void setUp() throws Exception {
        policies = SharedAccessPolicies.loadOrCreate(dataDir);
        authenticator = new ServiceAuthenticator(policies, List.of("127.0.0.7"),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** As the service SDK signs: sr = urlencode(lower(host)). */
    private String sdkToken(String host, String policy, String key, Instant expiry) {
        return SasToken.create(URLEncoder.encode(host.toLowerCase(), StandardCharsets.UTF_8), key, policy, expiry);
    }

    private String key(String policy) {
        return policies.policy(policy).orElseThrow().primaryKey();
    }

    @Test
    void aTokenFromThePolicyKeysAuthorisesACallItsPermissionsCover() {
        String token = sdkToken("127.0.0.7", "service", key("service"), NOW.plusSeconds(3600));
        assertThat(authenticator.authorize(token, "/twins/d1", SERVICE_CONNECT).name()).isEqualTo("service");

        String secondary = sdkToken("127.0.0.7", "service", policies.policy("service").orElseThrow().secondaryKey(),
                NOW.plusSeconds(60));
        assertThat(authenticator.authorize(secondary, "/twins/d1", SERVICE_CONNECT).name()).isEqualTo("service");
    }

    @Test
    void theHubNameMayCarryThePortAndAnyCase() {
        String withPort = sdkToken("127.0.0.7:8443", "iothubowner", key("iothubowner"), NOW.plusSeconds(60));
        assertThat(authenticator.authorize(withPort, "/devices/query", SERVICE_CONNECT).name()).isEqualTo("iothubowner");
        String raw = SasToken.create("127.0.0.7", key("iothubowner"), "iothubowner", NOW.plusSeconds(60));
        assertThat(authenticator.authorize(raw, "/devices/query", SERVICE_CONNECT).name()).isEqualTo("iothubowner");
    }

    @Test
    void refusalsBeforeTheSignatureIsVerifiedAreOneAndTheSame401() {
        String generic = ServiceAuthenticator.NOT_AUTHENTICATED;
        assertRefused(null, SERVICE_CONNECT, generic);
        assertRefused("Bearer abc", SERVICE_CONNECT, generic);
        assertRefused(sdkToken("127.0.0.7", "service", key("registryRead"), NOW.plusSeconds(60)), SERVICE_CONNECT, generic);
        assertRefused(sdkToken("127.0.0.7", "nobody", key("service"), NOW.plusSeconds(60)), SERVICE_CONNECT, generic);
        assertRefused(sdkToken("127.0.0.8", "iothub0wner", key("service"), NOW.minusSeconds(1)), SERVICE_CONNECT, generic);
        assertRefused(SasToken.create("127.0.0.7/devices/d1", key("service"), null, NOW.plusSeconds(60)),
                SERVICE_CONNECT, generic);
        // the message is the same whether or not the named policy exists
        assertThatThrownBy(() -> authenticator.authorize(sdkToken("127.0.0.7", "nobody", key("service"), NOW.plusSeconds(60)),
                "/twins/d1", SERVICE_CONNECT)).message().isEqualTo(generic).doesNotContain("nobody");
    }

    @Test
    void refusalsAfterTheSignatureIsVerifiedSayWhy() {
        assertRefused(sdkToken("127.0.0.7", "service", key("service"), NOW.minusSeconds(1)), SERVICE_CONNECT, "expired");
        assertRefused(sdkToken("127.0.0.8", "service", key("service"), NOW.plusSeconds(60)), SERVICE_CONNECT,
                "not for this hub");
        assertRefused(sdkToken("127.0.0.7", "registryRead", key("registryRead"), NOW.plusSeconds(60)), SERVICE_CONNECT,
                "'registryRead' lacks the permission this call needs (ServiceConnect)");
        assertRefused(sdkToken("127.0.0.7", "device", key("device"), NOW.plusSeconds(60)),
                Set.of(Permission.REGISTRY_READ, Permission.SERVICE_CONNECT), "RegistryRead or ServiceConnect");
    }

    @Test
    void aScopedTokenCoversOnlyPathsBelowItsScopeByWholeSegments() {
        String scoped = SasToken.create(URLEncoder.encode("127.0.0.7/devices", StandardCharsets.UTF_8),
                key("registryRead"), "registryRead", NOW.plusSeconds(60));
        Set<Permission> read = Set.of(Permission.REGISTRY_READ);
        assertThat(authenticator.authorize(scoped, "/devices/d1", read).name()).isEqualTo("registryRead");
        assertThatThrownBy(() -> authenticator.authorize(scoped, "/devicesx/d1", read))
                .hasMessageContaining("does not cover");
        assertThatThrownBy(() -> authenticator.authorize(scoped, "/twins/d1", read))
                .hasMessageContaining("does not cover");
    }

    @Test
    void aScopedTokenKeepsItsScopeOnAHubThatAcceptsAnyHostName() {
        // a hub bound to 0.0.0.0 has no name to check sr against: the scope is all that limits the token
        ServiceAuthenticator anyHost = new ServiceAuthenticator(policies, List.of(), Clock.fixed(NOW, ZoneOffset.UTC));
        Set<Permission> read = Set.of(Permission.REGISTRY_READ);
        String scoped = SasToken.create(URLEncoder.encode("127.0.0.1/devices/d1", StandardCharsets.UTF_8),
                key("registryRead"), "registryRead", NOW.plusSeconds(60));
        assertThat(scoped).contains("sr=127.0.0.1%2Fdevices%2Fd1&");
        assertThat(anyHost.authorize(scoped, "/devices/d1", read).name()).isEqualTo("registryRead");
        assertThatThrownBy(() -> anyHost.authorize(scoped, "/devices/d2", read)).hasMessageContaining("does not cover");

        String widened = scoped.replace("sr=127.0.0.1%2Fdevices%2Fd1", "sr=127.0.0.1%252Fdevices%252Fd1");
        for (String path : List.of("/devices/d1", "/devices/d2", "/twins/d2")) {
            assertThatThrownBy(() -> anyHost.authorize(widened, path, read))
                    .isInstanceOf(HubException.class)
                    .satisfies(e -> assertThat(((HubException) e).error()).isEqualTo(HubError.IOTHUB_UNAUTHORIZED_ACCESS));
        }
        // signed over the widened form by the key's holder, it is still no host name
        String signedWidened = SasToken.create("127.0.0.1%252Fdevices%252Fd1", key("registryRead"), "registryRead",
                NOW.plusSeconds(60));
        assertThatThrownBy(() -> anyHost.authorize(signedWidened, "/devices/d2", read))
                .isInstanceOf(HubException.class);
    }

    @Test
    void aTokenAcceptedBeforeIsStillCheckedForExpiryScopeAndPermissionOnEveryCall() {
        MutableClock clock = new MutableClock(NOW);
        ServiceAuthenticator reusing = new ServiceAuthenticator(policies, List.of("127.0.0.7"), clock);
        String scoped = SasToken.create(URLEncoder.encode("127.0.0.7/twins", StandardCharsets.UTF_8),
                key("service"), "service", NOW.plusSeconds(60));
        assertThat(reusing.authorize(scoped, "/twins/d1", SERVICE_CONNECT).name()).isEqualTo("service");
        assertThat(reusing.authorize(scoped, "/twins/d2", SERVICE_CONNECT).name()).isEqualTo("service");
        assertThatThrownBy(() -> reusing.authorize(scoped, "/devices/d1", SERVICE_CONNECT))
                .hasMessageContaining("does not cover");
        assertThatThrownBy(() -> reusing.authorize(scoped, "/twins/d1", Set.of(Permission.REGISTRY_WRITE)))
                .hasMessageContaining("lacks the permission");
        clock.advance(Duration.ofSeconds(61));
        assertThatThrownBy(() -> reusing.authorize(scoped, "/twins/d1", SERVICE_CONNECT)).hasMessageContaining("expired");
    }

    @Test
    void aForgedSignatureNextToAnAcceptedTokenIsRefused() {
        String token = sdkToken("127.0.0.7", "service", key("service"), NOW.plusSeconds(3600));
        authenticator.authorize(token, "/twins/d1", SERVICE_CONNECT);
        String sig = token.substring(token.indexOf("sig=") + 4, token.indexOf("&se="));
        String forged = token.replace(sig, (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1));
        assertRefused(forged, SERVICE_CONNECT, ServiceAuthenticator.NOT_AUTHENTICATED);
        // the same signature with a later expiry was not signed by anyone
        String extended = token.replaceFirst("se=\\d+", "se=" + NOW.plusSeconds(7200).getEpochSecond());
        assertThat(extended).isNotEqualTo(token);
        assertRefused(extended, SERVICE_CONNECT, ServiceAuthenticator.NOT_AUTHENTICATED);
        assertThat(authenticator.authorize(token, "/twins/d1", SERVICE_CONNECT).name()).isEqualTo("service");
    }

    @Test
    void refusalMessagesNeverContainTheSignatureOrKey() {
        String token = sdkToken("127.0.0.7", "service", key("registryRead"), NOW.plusSeconds(60));
        String sig = token.substring(token.indexOf("sig=") + 4, token.indexOf("&se="));
        assertThatThrownBy(() -> authenticator.authorize(token, "/twins/d1", SERVICE_CONNECT))
                .message().doesNotContain(sig).doesNotContain(key("registryRead")).doesNotContain(key("service"));
    }

    private void assertRefused(String header, Set<Permission> needed, String reason) {
        assertThatThrownBy(() -> authenticator.authorize(header, "/twins/d1", needed))
                .isInstanceOf(HubException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((HubException) e).error()).isEqualTo(HubError.IOTHUB_UNAUTHORIZED_ACCESS));
    }
}
