package dev.twinops.hub.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whichever TLS implementation the hub runs on, it speaks TLS 1.2 and 1.3 only and agrees on a forward-secret AEAD
 * suite: the client side here is BoringSSL, which still offers TLS 1.0 and 1.1 when asked (the JDK's client no
 * longer does).
 */
class ServerTlsProviderTest {

    @TempDir
    Path dataDir;

    @AfterEach
    void clear() {
        System.clearProperty(ServerTlsProvider.PROPERTY);
    }

    @ParameterizedTest(name = "TLS by {0}")
    @ValueSource(strings = {"jdk", "openssl"})
    void tls12And13AreAcceptedWithAnEcdheAeadSuite(String provider) throws Exception {
        SslContext server = hubContext(provider);
        for (String protocol : new String[]{"TLSv1.3", "TLSv1.2"}) {
            SSLEngine client = client(protocol);
            SSLEngine hub = server.newEngine(ByteBufAllocator.DEFAULT);
            handshake(client, hub);
            assertThat(client.getSession().getProtocol()).isEqualTo(protocol);
            assertThat(client.getSession().getCipherSuite())
                    .matches(protocol.equals("TLSv1.3") ? "TLS_(AES_(128|256)_GCM|CHACHA20_POLY1305)_SHA(256|384)"
                            : "TLS_ECDHE_ECDSA_WITH_AES_(128|256)_GCM_SHA(256|384)");
        }
    }

    @ParameterizedTest(name = "TLS by {0}")
    @ValueSource(strings = {"jdk", "openssl"})
    void tls10And11AreRefused(String provider) throws Exception {
        SslContext server = hubContext(provider);
        for (String protocol : new String[]{"TLSv1.1", "TLSv1"}) {
            SSLEngine client = client(protocol);
            SSLEngine hub = server.newEngine(ByteBufAllocator.DEFAULT);
            assertThatThrownBy(() -> handshake(client, hub)).as(protocol).isInstanceOf(SSLException.class)
                    .hasMessageMatching("(?s).*(is not enabled or supported|PROTOCOL_VERSION).*");
        }
    }

    private SslContext hubContext(String provider) throws Exception {
        assumeTrue(OpenSsl.isAvailable(), "BoringSSL loads on this machine (the client side here needs it)");
        System.setProperty(ServerTlsProvider.PROPERTY, provider);
        HubCertificates certificates = HubCertificates.loadOrCreate(dataDir, "127.0.0.1");
        assertThat(certificates.tlsProvider()).isEqualTo(provider.equals("jdk") ? SslProvider.JDK : SslProvider.OPENSSL);
        return certificates.serverSslContext();
    }

    private static SSLEngine client(String protocol) throws SSLException {
        return SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL).protocols(protocol)
                .trustManager(InsecureTrustManagerFactory.INSTANCE) // only the protocol is under test here
                .build().newEngine(ByteBufAllocator.DEFAULT);
    }

    /** Runs both engines' handshake in memory until both are done; throws the first engine's failure. */
    private static void handshake(SSLEngine client, SSLEngine server) throws SSLException {
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer toServer = ByteBuffer.allocate(64 * 1024);
        ByteBuffer toClient = ByteBuffer.allocate(64 * 1024);
        ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 50; round++) {
            client.wrap(empty, toServer);
            toServer.flip();
            server.unwrap(toServer, sink);
            toServer.compact();
            runTasks(server);
            server.wrap(empty, toClient);
            toClient.flip();
            client.unwrap(toClient, sink);
            toClient.compact();
            runTasks(client);
            sink.clear();
            if (done(client) && done(server)) {
                return;
            }
        }
        throw new IllegalStateException("no handshake after 50 rounds");
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
