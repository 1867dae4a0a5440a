package dev.twinops.hubclient.trust;

import static dev.twinops.hubclient.trust.TlsServers.endpoint;
import static dev.twinops.hubclient.trust.TlsServers.ip;
import static dev.twinops.hubclient.trust.TlsServers.randomLoopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Set;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsServer;

import dev.twinops.hubclient.trust.TlsServers.Ca;

/**
 * A local hub's CA vouches for that hub's {@code host:port} and nothing else, even for a certificate it signed
 * for another address; a server nobody registered (as Azure's are) is checked against the JDK's roots. Each test
 * uses addresses of its own, since the JVM's trust is one for the whole test run.
 */
class PerHubTrustTest {

    @TempDir
    Path dir;

    @Test
    void aHubsCaIsTrustedAtItsAddressAndRefusedAtAnyOther() throws Exception {
        String a = randomLoopback();
        String b = randomLoopback();
        Ca caA = TlsServers.ca("hub A");
        HttpsServer hubA = TlsServers.start(a, TlsServers.server(caA, ip(a)));
        // servers whose certificates hub A's CA did sign, and which are valid for their own address
        HttpsServer otherPortOfA = TlsServers.start(a, TlsServers.server(caA, ip(a)));
        HttpsServer atB = TlsServers.start(b, TlsServers.server(caA, ip(b)));
        try {
            PerHubTrust.jvm().trust(endpoint(hubA), caA.writePem(dir.resolve("a.pem")));

            assertThat(getThroughDefaultSocketFactory(hubA)).isEqualTo(200);
            assertThat(getThroughHttpClient(hubA, SSLContext.getDefault())).isEqualTo(200);

            for (HttpsServer elsewhere : new HttpsServer[] {otherPortOfA, atB}) {
                assertThatThrownBy(() -> getThroughDefaultSocketFactory(elsewhere)).as(endpoint(elsewhere))
                        .isInstanceOf(SSLHandshakeException.class);
                assertThatThrownBy(() -> getThroughHttpClient(elsewhere, SSLContext.getDefault()))
                        .as(endpoint(elsewhere)).isInstanceOf(SSLHandshakeException.class);
                assertThat(PerHubTrust.jvm().trusts(endpoint(elsewhere))).isFalse();
            }
            assertThat(PerHubTrust.jvm().trusts(endpoint(hubA))).isTrue();
            assertThat(PerHubTrust.jvm().installed()).isTrue();
        } finally {
            hubA.stop(0);
            otherPortOfA.stop(0);
            atB.stop(0);
        }
    }

    @Test
    void aServerNobodyRegisteredIsCheckedAgainstTheDefaultRootsAsAzureIs() throws Exception {
        String hub = randomLoopback();
        String azure = randomLoopback();
        Ca hubCa = TlsServers.ca("hub");
        Ca publicRoot = TlsServers.ca("a public root");
        HttpsServer localHub = TlsServers.start(hub, TlsServers.server(hubCa, ip(hub)));
        HttpsServer azureLike = TlsServers.start(azure, TlsServers.server(publicRoot, ip(azure)));
        HttpsServer forgedByTheHubCa = TlsServers.start(azure, TlsServers.server(hubCa, ip(azure)));
        // the default roots are the JDK's trust store, or the one javax.net.ssl.trustStore names: here it holds
        // the "public" root, so a server it vouches for stands in for Azure
        Path roots = dir.resolve("roots.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("public-root", publicRoot.certificate());
        try (var out = Files.newOutputStream(roots)) {
            store.store(out, "changeit".toCharArray());
        }
        String[] saved = {System.getProperty("javax.net.ssl.trustStore"),
                System.getProperty("javax.net.ssl.trustStorePassword"), System.getProperty("javax.net.ssl.trustStoreType")};
        PerHubTrust trust;
        try {
            System.setProperty("javax.net.ssl.trustStore", roots.toString());
            System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
            System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            trust = PerHubTrust.standalone();
        } finally {
            restore("javax.net.ssl.trustStore", saved[0]);
            restore("javax.net.ssl.trustStorePassword", saved[1]);
            restore("javax.net.ssl.trustStoreType", saved[2]);
        }
        try {
            trust.trust(endpoint(localHub), hubCa.writePem(dir.resolve("hub.pem")));

            assertThat(getThroughHttpClient(localHub, trust.sslContext())).isEqualTo(200);
            assertThat(getThroughHttpClient(azureLike, trust.sslContext())).isEqualTo(200);
            assertThatThrownBy(() -> getThroughHttpClient(forgedByTheHubCa, trust.sslContext()))
                    .isInstanceOf(SSLHandshakeException.class);
            // and the local hub's server is judged by its CA alone, not by the default roots
            assertThatThrownBy(() -> getThroughHttpClient(localHub, PerHubTrust.standalone().sslContext()))
                    .isInstanceOf(SSLHandshakeException.class);
        } finally {
            localHub.stop(0);
            azureLike.stop(0);
            forgedByTheHubCa.stop(0);
        }
    }

    @Test
    void withoutARegisteredHubTheTrustIsTheJdksOwn() throws Exception {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        X509TrustManager jdkRoots = null;
        for (TrustManager manager : jdk.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                jdkRoots = x509;
            }
        }
        assertThat(jdkRoots).isNotNull();
        assertThat(Set.of(PerHubTrust.standalone().trustManager().getAcceptedIssuers()))
                .isNotEmpty().isEqualTo(Set.of(jdkRoots.getAcceptedIssuers()));
    }

    @Test
    void trustingAnAddressAgainReplacesItsCa() throws Exception {
        String address = randomLoopback();
        Ca before = TlsServers.ca("hub before");
        Ca after = TlsServers.ca("hub after");
        HttpsServer hub = TlsServers.start(address, TlsServers.server(after, ip(address)));
        X509Certificate[] chainOfBefore = TlsServers.server(before, ip(address)).chain();
        X509Certificate[] chainOfAfter = TlsServers.server(after, ip(address)).chain();
        PerHubTrust trust = PerHubTrust.standalone();
        try (Socket toHub = new Socket(address, hub.getAddress().getPort())) {
            trust.trust(endpoint(hub), before.writePem(dir.resolve("before.pem")));
            assertThatCode(() -> trust.trustManager().checkServerTrusted(chainOfBefore, "UNKNOWN", toHub))
                    .doesNotThrowAnyException();

            trust.trust(endpoint(hub), after.writePem(dir.resolve("after.pem")));
            assertThatThrownBy(() -> trust.trustManager().checkServerTrusted(chainOfBefore, "UNKNOWN", toHub))
                    .isInstanceOf(CertificateException.class);
            assertThatCode(() -> trust.trustManager().checkServerTrusted(chainOfAfter, "UNKNOWN", toHub))
                    .doesNotThrowAnyException();
        } finally {
            hub.stop(0);
        }
    }

    @Test
    void aStandaloneTrustLeavesTheJvmDefaultAlone() throws Exception {
        String address = randomLoopback();
        Ca ca = TlsServers.ca("hub");
        HttpsServer hub = TlsServers.start(address, TlsServers.server(ca, ip(address)));
        SSLSocketFactory defaultBefore = HttpsURLConnection.getDefaultSSLSocketFactory();
        try {
            PerHubTrust trust = PerHubTrust.standalone();
            trust.trust(endpoint(hub), ca.writePem(dir.resolve("ca.pem")));

            assertThat(getThroughHttpClient(hub, trust.sslContext())).isEqualTo(200);
            assertThat(HttpsURLConnection.getDefaultSSLSocketFactory()).isSameAs(defaultBefore);
            assertThat(trust.installed()).isFalse();
            assertThat(PerHubTrust.jvm().trusts(endpoint(hub))).isFalse();
        } finally {
            hub.stop(0);
        }
    }

    @Test
    void theJvmTrustIsInstalledAgainWhenSomethingReplacedIt() throws Exception {
        String address = randomLoopback();
        Ca ca = TlsServers.ca("hub");
        HttpsServer hub = TlsServers.start(address, TlsServers.server(ca, ip(address)));
        try {
            PerHubTrust.jvm().trust(endpoint(hub), ca.writePem(dir.resolve("ca.pem")));
            // as a library that installs a JVM-wide trust of its own would
            HttpsURLConnection.setDefaultSSLSocketFactory(jdkRootsOnly().getSocketFactory());
            assertThat(PerHubTrust.jvm().installed()).isFalse();

            PerHubTrust.jvm().trust(endpoint(hub), ca.writePem(dir.resolve("ca.pem")));
            assertThat(PerHubTrust.jvm().installed()).isTrue();
            assertThat(getThroughDefaultSocketFactory(hub)).isEqualTo(200);
        } finally {
            hub.stop(0);
        }
    }

    @Test
    void aFileThatIsNotACertificateIsRefusedWithItsName() throws Exception {
        Path bogus = Files.writeString(dir.resolve("bogus.pem"), "not a certificate");
        assertThatThrownBy(() -> PerHubTrust.standalone().trust(randomLoopback() + ":8443", bogus))
                .isInstanceOf(IOException.class).hasMessageContaining("bogus.pem");
        assertThatThrownBy(() -> PerHubTrust.standalone().trust("no-port", bogus))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static SSLContext jdkRootsOnly() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        return context;
    }

    private static int getThroughDefaultSocketFactory(HttpsServer server) throws IOException {
        HttpsURLConnection connection = (HttpsURLConnection) URI.create("https://" + endpoint(server) + "/")
                .toURL().openConnection();
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(10_000);
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    private static int getThroughHttpClient(HttpsServer server, SSLContext context) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://" + endpoint(server) + "/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
