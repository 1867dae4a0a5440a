package dev.twinops.hub.tls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JVM-wide trust for the local hub's CA, for clients that have no per-connection TLS setting (the service SDK
 * uses {@code HttpsURLConnection} with its default socket factory).
 *
 * <p>The installed trust is the JDK's default roots plus every CA installed so far, so real Azure endpoints
 * keep working in the same JVM. It is a normal PKIX trust manager over that set (chain and host name are
 * still checked): nothing is trusted blindly.
 */
public final class TrustedCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(TrustedCertificates.class);

    /** Extra CAs by their DER encoding (base64), in the order they were added. */
    private static final Map<String, X509Certificate> EXTRA_CAS = new LinkedHashMap<>();

    private TrustedCertificates() {
    }

    /**
     * Adds the CA certificate(s) in {@code caPem} to the JVM's default trust (the default
     * {@link SSLContext} and {@link HttpsURLConnection}'s default socket factory). Installing the same CA
     * again changes nothing; several CAs (e.g. two hubs) are all trusted.
     *
     * @throws IOException if the file cannot be read or holds no certificate
     */
    public static synchronized void installJvmWide(Path caPem) throws IOException {
        List<X509Certificate> certificates = readCertificates(caPem);
        boolean added = false;
        for (X509Certificate certificate : certificates) {
            try {
                String key = Base64.getEncoder().encodeToString(certificate.getEncoded());
                added |= EXTRA_CAS.putIfAbsent(key, certificate) == null;
            } catch (GeneralSecurityException e) {
                throw new IOException("Cannot encode the certificate in " + caPem + ": " + e.getMessage(), e);
            }
        }
        if (!added) {
            return;
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{trustManager(EXTRA_CAS.values())}, null);
            SSLContext.setDefault(context);
            HttpsURLConnection.setDefaultSSLSocketFactory(context.getSocketFactory());
            LOG.info("Trusting the CA in {} JVM-wide, next to the default roots", caPem);
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot install the CA in " + caPem + " as trusted: " + e.getMessage(), e);
        }
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
