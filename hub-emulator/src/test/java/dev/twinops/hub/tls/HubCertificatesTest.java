package dev.twinops.hub.tls;

import dev.twinops.hub.testing.LoopbackAddresses;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubCertificatesTest {

    @TempDir
    Path dataDir;

    @Test
    void firstStartCreatesCaAndServerCertificateNamingTheBindAddress() throws Exception {
        String bind = LoopbackAddresses.random();
        HubCertificates certs = HubCertificates.loadOrCreate(dataDir, bind);

        Path tls = dataDir.resolve("tls");
        assertThat(certs.caCertificatePath()).isEqualTo(tls.resolve("ca.pem").toAbsolutePath());
        assertThat(Files.readString(certs.caCertificatePath())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.getPosixFilePermissions(tls.resolve("issuer.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(tls.resolve("ca.key")).as("the root's key is never written").doesNotExist();
        assertThat(Files.getPosixFilePermissions(tls.resolve("server.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(HubCertificates.sanNames(certs.serverCertificate())).contains(bind, "localhost", "127.0.0.1");
        certs.serverCertificate().verify(certs.issuerCertificate().getPublicKey());
        certs.issuerCertificate().verify(certs.caCertificate().getPublicKey());
        assertThat(certs.caCertificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(certs.caCertificate().getNotAfter().toInstant())
                .isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(3600)));
    }

    @Test
    void laterStartsReuseTheCaAndReissueTheServerCertificateOnlyForANewAddress() throws Exception {
        String bind = LoopbackAddresses.random();
        HubCertificates first = HubCertificates.loadOrCreate(dataDir, bind);
        HubCertificates again = HubCertificates.loadOrCreate(dataDir, bind);
        assertThat(again.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(again.serverCertificate()).isEqualTo(first.serverCertificate());

        String other = "127.1.2.3".equals(bind) ? "127.3.2.1" : "127.1.2.3";
        HubCertificates moved = HubCertificates.loadOrCreate(dataDir, other);
        assertThat(moved.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(moved.serverCertificate()).isNotEqualTo(first.serverCertificate());
        assertThat(HubCertificates.sanNames(moved.serverCertificate())).contains(other);
        moved.serverCertificate().verify(first.issuerCertificate().getPublicKey());
    }

    @Test
    void aClientTrustingTheCaCompletesAHostnameVerifiedHandshakeAndOneWithoutItFails() throws Exception {
        String bind = LoopbackAddresses.random();
        HubCertificates certs = HubCertificates.loadOrCreate(dataDir, bind);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(certs.serverSslContext().newHandler(ch.alloc()));
                        }
                    })
                    .bind(new InetSocketAddress(bind, 0)).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();

            X509Certificate ca = TrustedCertificates.readCertificates(certs.caCertificatePath()).get(0);
            SSLContext trusting = SSLContext.getInstance("TLS");
            trusting.init(null, new TrustManager[]{TrustedCertificates.trustManager(List.of(ca))}, null);
            try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket(bind, port)) {
                SSLParameters params = socket.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(params);
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
            }

            SSLContext defaultsOnly = SSLContext.getInstance("TLS");
            defaultsOnly.init(null, new TrustManager[]{TrustedCertificates.trustManager(List.of())}, null);
            try (SSLSocket socket = (SSLSocket) defaultsOnly.getSocketFactory().createSocket(bind, port)) {
                assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void theCombinedTrustKeepsTheJdkDefaultRoots() throws Exception {
        X509Certificate ca = TrustedCertificates.readCertificates(HubCertificates.loadOrCreate(dataDir, "127.0.0.1")
                .caCertificatePath()).get(0);
        var combined = TrustedCertificates.trustManager(List.of(ca));
        var defaults = TrustedCertificates.trustManager(List.of());
        assertThat(defaults.getAcceptedIssuers()).isNotEmpty();
        assertThat(combined.getAcceptedIssuers()).hasSize(defaults.getAcceptedIssuers().length + 1).contains(ca);
    }
}
