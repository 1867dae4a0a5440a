package dev.twinops.hub.tls;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trust managers over the hub's CA for the TLS tests of this package: the JDK's default roots plus given CAs. Clients
 * trust a local hub through {@code dev.twinops.hubclient.trust.PerHubTrust} (the CA for that hub's address only).
 */
final class TrustedCertificates {

    private TrustedCertificates() {
    }

    /**
     * A trust manager accepting the JDK default roots (or the trust store named by {@code javax.net.ssl.trustStore})
     * plus {@code extraCas}.
     */
    static X509TrustManager trustManager(Iterable<X509Certificate> extraCas) throws GeneralSecurityException, IOException {
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (TrustManager tm : defaults.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                for (X509Certificate root : x509.getAcceptedIssuers()) {
                    store.setCertificateEntry("default-" + i++, root);
                }
            }
        }
        for (X509Certificate ca : extraCas) {
            store.setCertificateEntry("extra-" + i++, ca);
        }
        TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        combined.init(store);
        return Arrays.stream(combined.getTrustManagers())
                .filter(X509TrustManager.class::isInstance)
                .map(X509TrustManager.class::cast)
                .findFirst()
                .orElseThrow(() -> new GeneralSecurityException("no X509 trust manager available"));
    }

    static List<X509Certificate> readCertificates(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> result = new ArrayList<>();
            for (Certificate c : factory.generateCertificates(in)) {
                result.add((X509Certificate) c);
            }
            if (result.isEmpty()) {
                throw new IOException(pem + " holds no certificate");
            }
            return result;
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(pem + " holds no readable certificate: " + e.getMessage(), e);
        }
    }
}
