package dev.twinops.console.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.twinops.console.testing.Loopback;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.LocalHub;

/**
 * A local hub's CA vouches for that hub's address and nothing else; a server nobody registered is checked against
 * the JDK's roots, as an Azure hub is.
 */
class PerHubTrustTest {

    @TempDir
    Path dir;

    @Test
    void aHubsCaIsTrustedForItsAddressOnlyAndOtherServersKeepTheJdkRoots() throws Exception {
        String a = Loopback.randomAddress();
        String b = Loopback.randomAddress();
        try (LocalHub hubA = start(a); LocalHub hubB = start(b)) {
            PerHubTrust.jvm().trust(hubA.connectionInfo().serviceEndpoint(), hubA.connectionInfo().caCertificatePath());

            HttpsURLConnection toA = open(hubA);
            assertThat(toA.getResponseCode()).isPositive(); // the TLS handshake passed: the hub answered
            X509Certificate[] chainOfA = Arrays.stream(toA.getServerCertificates())
                    .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
            toA.disconnect();

            // hub B's CA was never registered: the JDK roots decide, and they do not know it
            assertThatThrownBy(() -> open(hubB).getResponseCode()).isInstanceOf(SSLHandshakeException.class);

            // A's own chain is accepted at A's address, and refused at any other
            try (Socket atA = new Socket(a, 8443); Socket atB = new Socket(b, 8443)) {
                PerHubTrust.jvm().trustManager().checkServerTrusted(chainOfA, "UNKNOWN", atA);
                assertThatThrownBy(() -> PerHubTrust.jvm().trustManager().checkServerTrusted(chainOfA, "UNKNOWN", atB))
                        .isInstanceOf(CertificateException.class);
            }
            assertThat(PerHubTrust.jvm().trusts(a + ":8443")).isTrue();
            assertThat(PerHubTrust.jvm().trusts(b + ":8443")).isFalse();
        }
    }

    private LocalHub start(String address) {
        return LocalHub.start(HubConfig.builder().dataDirectory(dir.resolve(address)).bindAddress(address).build());
    }

    private static HttpsURLConnection open(LocalHub hub) throws Exception {
        HttpsURLConnection connection = (HttpsURLConnection) URI.create("https://"
                + hub.connectionInfo().serviceEndpoint() + "/devices?api-version=2021-04-12").toURL().openConnection();
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(10_000);
        connection.connect();
        return connection;
    }

}
