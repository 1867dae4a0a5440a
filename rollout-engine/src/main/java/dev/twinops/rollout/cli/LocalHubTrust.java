package dev.twinops.rollout.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts a local hub's CA JVM-wide, next to the JDK's own roots: the service SDK has no per-client TLS setting.
 * A normal PKIX check over that set (chain and host name still checked), never trust-all. Each call adds its CA to
 * those trusted before.
 */
final class LocalHubTrust {

    /** Every local hub CA trusted so far: a rehearsal copy talks to two local hubs in one process. */
    private static final java.util.List<Certificate> LOCAL_CAS = new java.util.ArrayList<>();

    private LocalHubTrust() {
    }

    static synchronized void install(Path caPem) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            int i = 0;
            for (TrustManager tm : defaults.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    for (X509Certificate root : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("default-" + i++, root);
                    }
                }
            }
            try (InputStream in = Files.newInputStream(caPem)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    if (!LOCAL_CAS.contains(c)) {
                        LOCAL_CAS.add(c);
                    }
                }
            }
            for (Certificate c : LOCAL_CAS) {
                store.setCertificateEntry("local-hub-" + i++, c);
            }
            TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            combined.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, combined.getTrustManagers(), null);
            SSLContext.setDefault(context);
            HttpsURLConnection.setDefaultSSLSocketFactory(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IOException("the local hub's CA " + caPem + " cannot be trusted: " + e.getMessage(), e);
        }
    }
}
