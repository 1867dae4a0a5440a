package dev.twinops.simulator.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trust for a local hub's CA: the JDK's default roots plus the given CA certificates, never "trust all".
 *
 * <p>The service SDK only uses {@code HttpsURLConnection}'s default socket factory (it has no per-client TLS
 * setting), so registering devices against a local hub needs the CA trusted JVM-wide. Installing is additive and
 * idempotent: each call adds its CA to the ones installed before, and Azure's public roots stay trusted. This is
 * the simulator's own copy of the idea so it does not depend on the hub module; a process that already installs
 * the CA another way can turn this off ({@link FleetConfig.Builder#installJvmTrust(boolean)}).
 */
public final class HubTrust {

    private static final Logger LOG = LoggerFactory.getLogger(HubTrust.class);
    private static final Map<String, X509Certificate> INSTALLED = new LinkedHashMap<>();

    private HubTrust() {
    }

    /** Adds the CA(s) in a PEM file to the JVM-wide HTTPS trust. */
    public static synchronized void installJvmWide(Path caPem) throws IOException, GeneralSecurityException {
        boolean added = false;
        for (X509Certificate ca : readCertificates(caPem)) {
            String key = ca.getSubjectX500Principal().getName() + "#" + ca.getSerialNumber();
            if (INSTALLED.putIfAbsent(key, ca) == null) {
                added = true;
            }
        }
        if (added) {
            SSLContext ctx = sslContext(new ArrayList<>(INSTALLED.values()));
            HttpsURLConnection.setDefaultSSLSocketFactory(ctx.getSocketFactory());
            LOG.debug("HTTPS trust now covers the JDK roots plus {} hub CA(s)", INSTALLED.size());
        }
    }

    /** An SSLContext trusting the JDK roots plus the CA(s) in the PEM file (for firmware downloads over https). */
    public static SSLContext sslContext(Path caPem) throws IOException, GeneralSecurityException {
        return sslContext(readCertificates(caPem));
    }

    static SSLContext sslContext(List<X509Certificate> extraCas) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (X509Certificate root : defaultTrustManager().getAcceptedIssuers()) {
            store.setCertificateEntry("jdk-" + i++, root);
        }
        for (X509Certificate ca : extraCas) {
            store.setCertificateEntry("hub-" + i++, ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JDK has no default X.509 trust manager");
    }

    static List<X509Certificate> readCertificates(Path pem) throws IOException, CertificateException {
        if (!Files.isReadable(pem)) {
            throw new IOException("CA certificate " + pem + " does not exist or is not readable");
        }
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pem)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        List<X509Certificate> result = new ArrayList<>();
        for (Certificate c : certs) {
            result.add((X509Certificate) c);
        }
        if (result.isEmpty()) {
            throw new CertificateException("no certificate found in " + pem);
        }
        return result;
    }
}
