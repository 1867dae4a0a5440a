package dev.twinops.hub.mqtt;

import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import dev.twinops.hub.auth.SasToken;
import dev.twinops.hub.tls.ServerTlsProvider;
import io.netty.handler.ssl.OpenSsl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A device's reconnect resumes its TLS session (an abbreviated handshake: no certificate, no key exchange), which is
 * what keeps a fleet's reconnect storm cheap for the hub; resuming changes nothing about authentication: every
 * CONNECT on a resumed session is checked against its SAS token as on a new one.
 */
class TlsSessionResumptionTest {

    @TempDir
    Path dir;
    private MqttTestHub hub;

    @BeforeEach
    void start() throws Exception {
        hub = MqttTestHub.start(dir);
        hub.createDevice("d1");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void aReconnectThroughTheSameClientContextResumesItsSessionAndIsStillAuthenticatedBySas() throws Exception {
        SSLContext client = IotHubSSLContext.getSSLContextFromFile(hub.caPem.toString());
        SSLSession first;
        try (RawMqttConnection connection = RawMqttConnection.open(hub, client)) {
            first = connection.tlsSession();
            assertThat(connection.connect("d1", user(), token(key()), 60)).as("first CONNACK").isZero();
        }
        assertThat(first.getProtocol()).isIn("TLSv1.2", "TLSv1.3");

        try (RawMqttConnection resumed = RawMqttConnection.open(hub, client)) {
            assertResumed(resumed.tlsSession(), first);
            assertThat(resumed.connect("d1", user(), token(otherKey()), 60)).as("wrong key on a resumed session")
                    .isEqualTo(5);
        }
        try (RawMqttConnection resumed = RawMqttConnection.open(hub, client)) {
            assertResumed(resumed.tlsSession(), first);
            assertThat(resumed.connect("d1", user(), "not a token", 60)).as("no token on a resumed session")
                    .isEqualTo(4);
        }
        try (RawMqttConnection resumed = RawMqttConnection.open(hub, client)) {
            assertResumed(resumed.tlsSession(), first);
            assertThat(resumed.connect("d1", user(), token(key()), 60)).as("right key on a resumed session").isZero();
        }
    }

    @Test
    void aNewClientContextHasNothingToResumeAndGetsAFullHandshake() throws Exception {
        SSLSession first;
        try (RawMqttConnection connection = RawMqttConnection.open(hub,
                IotHubSSLContext.getSSLContextFromFile(hub.caPem.toString()))) {
            first = connection.tlsSession();
        }
        try (RawMqttConnection other = RawMqttConnection.open(hub,
                IotHubSSLContext.getSSLContextFromFile(hub.caPem.toString()))) {
            assertThat(other.tlsSession().getId()).isNotEqualTo(first.getId());
            assertThat(other.connect("d1", user(), token(key()), 60)).isZero();
        }
    }

    @ParameterizedTest(name = "TLS by {0}")
    @ValueSource(strings = {"jdk", "openssl"})
    void aTls13ReconnectResumesOnEitherTlsProviderAndIsStillAuthenticatedBySas(String provider) throws Exception {
        assumeTrue(!provider.equals("openssl") || OpenSsl.isAvailable(), "BoringSSL loads on this machine");
        System.setProperty(ServerTlsProvider.PROPERTY, provider);
        try (MqttTestHub other = MqttTestHub.start(dir.resolve(provider))) {
            other.createDevice("d1");
            SSLContext client = tls13Client(other.caPem);
            SSLSession first;
            try (RawMqttConnection connection = RawMqttConnection.open(other, client)) {
                first = connection.tlsSession();
                assertThat(first.getProtocol()).isEqualTo("TLSv1.3");
                // the server's session ticket arrives after the handshake, read with the CONNACK
                assertThat(connection.connect("d1", user(other), token(other, key(other)), 60)).isZero();
            }
            try (RawMqttConnection resumed = RawMqttConnection.open(other, client)) {
                // TLS 1.3 resumes from a ticket under a new session id; the resumed session keeps the first's
                // creation time, where a full handshake would start a new one
                assertThat(resumed.tlsSession().getCreationTime()).as("created").isEqualTo(first.getCreationTime());
                assertThat(resumed.tlsSession().getPeerCertificates()).isNotEmpty();
                assertThat(resumed.connect("d1", user(other), token(other, otherKey()), 60)).as("wrong key").isEqualTo(5);
            }
        } finally {
            System.clearProperty(ServerTlsProvider.PROPERTY);
        }
    }

    private static SSLContext tls13Client(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("hub-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    /** A resumed session is the cached one: same id, same creation time, the hub's certificate still known. */
    private static void assertResumed(SSLSession session, SSLSession first) throws Exception {
        assertThat(session.getId()).as("session id").isEqualTo(first.getId());
        assertThat(session.getCreationTime()).as("created").isEqualTo(first.getCreationTime());
        assertThat(session.getPeerCertificates()).isNotEmpty();
    }

    private String user() {
        return user(hub);
    }

    private static String user(MqttTestHub hub) {
        return hub.host + "/d1/?api-version=2020-09-30";
    }

    private String key() {
        return key(hub);
    }

    private static String key(MqttTestHub hub) {
        return hub.state.registry().device("d1").orElseThrow().primaryKey();
    }

    private static String otherKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private String token(String key) {
        return token(hub, key);
    }

    private static String token(MqttTestHub hub, String key) {
        return SasToken.create(hub.host + "/devices/d1", key, null, Instant.now().plusSeconds(600));
    }
}
