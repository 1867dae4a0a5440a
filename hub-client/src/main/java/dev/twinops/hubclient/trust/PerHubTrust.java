package dev.twinops.hubclient.trust;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTPS trust scoped to each local hub's address: a local hub's CA is trusted for that hub's {@code host:port}
 * only, and every other server (Azure) is checked against the JDK's own roots, exactly as without this class.
 * Both checks are normal PKIX checks (chain and host name), never trust-all.
 *
 * <p>{@link #jvm()} is the process's HTTPS default: it has to be, because the service SDK 2.1.9 has no per-client
 * TLS setting, and {@link #trust} installs it again if something replaced it meanwhile. It is the only way anything
 * in TwinOps trusts a local hub's CA JVM-wide. A client that takes an {@link SSLContext} of its own (the JDK's
 * {@code HttpClient}) uses {@link #standalone()}, which follows the same rule and leaves the JVM's default alone.
 * The device SDK is given the hub's CA per client and does not need either.
 */
public final class PerHubTrust {

    private static final Logger LOG = LoggerFactory.getLogger(PerHubTrust.class);
    private static final PerHubTrust JVM = new PerHubTrust(true);

    /** "address:port" and "host:port" of each trusted local hub, to a trust manager holding only its CA. */
    private final Map<String, X509ExtendedTrustManager> hubs = new ConcurrentHashMap<>();
    private final X509ExtendedTrustManager jdkRoots;
    private final SSLContext context;
    private final SSLSocketFactory socketFactory;
    private final boolean jvmDefault;

    private PerHubTrust(boolean jvmDefault) {
        this.jvmDefault = jvmDefault;
        try {
            jdkRoots = trustManager(null);
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Dispatching()}, null);
            socketFactory = context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK's default trust cannot be read: " + e.getMessage(), e);
        }
    }

    /** The process's one instance (there is one default socket factory per JVM). */
    public static PerHubTrust jvm() {
        return JVM;
    }

    /** A trust of its own for one client that takes an {@link SSLContext}; never installed as the JVM's default. */
    public static PerHubTrust standalone() {
        return new PerHubTrust(false);
    }

    /**
     * Trusts the CA in {@code caPem} for {@code serviceEndpoint} ("host:port") from now on, replacing a CA trusted
     * there before (a hub restarted with another data directory); for {@link #jvm()}, also makes sure this trust is
     * the JVM's default.
     *
     * @throws IOException if the file holds no readable certificate or the host cannot be resolved
     */
    public synchronized void trust(String serviceEndpoint, Path caPem) throws IOException {
        int colon = serviceEndpoint.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not host:port: " + serviceEndpoint);
        }
        String host = serviceEndpoint.substring(0, colon);
        String port = serviceEndpoint.substring(colon + 1);
        X509ExtendedTrustManager manager;
        try {
            manager = trustManager(caPem);
        } catch (GeneralSecurityException e) {
            throw new IOException("The CA certificate " + caPem + " cannot be used: " + e.getMessage(), e);
        }
        hubs.put(host + ":" + port, manager);
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                hubs.put(address.getHostAddress() + ":" + port, manager);
            }
        } catch (UnknownHostException e) {
            throw new IOException("The hub's host " + host + " cannot be resolved", e);
        }
        if (jvmDefault && HttpsURLConnection.getDefaultSSLSocketFactory() != socketFactory) {
            SSLContext.setDefault(context);
            HttpsURLConnection.setDefaultSSLSocketFactory(socketFactory);
        }
        if (jvmDefault) {
            LOG.info("Trusting the CA in {} for {} only", caPem, serviceEndpoint);
        } else {
            LOG.debug("Trusting the CA in {} for {} only, in a client's own context", caPem, serviceEndpoint);
        }
    }

    /**
     * Whether this trust is the JVM's default HTTPS trust now: something that installs a JVM-wide trust of its own
     * afterwards (a CA for every address) replaces it until the next {@link #trust}.
     */
    public boolean installed() {
        return HttpsURLConnection.getDefaultSSLSocketFactory() == socketFactory;
    }

    /** The context for a client that takes one (the JDK's {@code HttpClient}): the same per-hub rule. */
    public SSLContext sslContext() {
        return context;
    }

    /** Whether a local hub's CA is trusted for {@code host:port}. */
    public boolean trusts(String serviceEndpoint) {
        return hubs.containsKey(serviceEndpoint);
    }

    /** The trust manager the default socket factory uses (tests check it with chains of their own). */
    X509ExtendedTrustManager trustManager() {
        return new Dispatching();
    }

    private X509ExtendedTrustManager forPeer(String host, int port) {
        return host == null ? null : hubs.get(host + ":" + port);
    }

    private X509ExtendedTrustManager forSocket(Socket socket) {
        if (socket == null) {
            return null;
        }
        if (socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null) {
            X509ExtendedTrustManager named = forPeer(ssl.getHandshakeSession().getPeerHost(),
                    ssl.getHandshakeSession().getPeerPort());
            if (named != null) {
                return named;
            }
        }
        InetAddress address = socket.getInetAddress();
        return address == null ? null : forPeer(address.getHostAddress(), socket.getPort());
    }

    /** The JDK's roots ({@code caPem} null), or only the CA(s) in {@code caPem}. */
    private static X509ExtendedTrustManager trustManager(Path caPem) throws GeneralSecurityException, IOException {
        KeyStore store = null;
        if (caPem != null) {
            store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            try (InputStream in = Files.newInputStream(caPem)) {
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("hub-ca-" + i++, certificate);
                }
            } catch (CertificateException e) {
                throw new CertificateException(caPem + " holds no readable certificate: " + e.getMessage(), e);
            }
            if (i == 0) {
                throw new CertificateException(caPem + " holds no certificate");
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }

    /** Picks the hub's CA or the JDK's roots by the server's address. */
    private final class Dispatching extends X509ExtendedTrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            X509ExtendedTrustManager hub = forSocket(socket);
            (hub != null ? hub : jdkRoots).checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            X509ExtendedTrustManager hub = engine == null ? null : forPeer(engine.getPeerHost(), engine.getPeerPort());
            (hub != null ? hub : jdkRoots).checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jdkRoots.checkServerTrusted(chain, authType); // no address to scope by
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            jdkRoots.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            jdkRoots.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jdkRoots.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return jdkRoots.getAcceptedIssuers();
        }
    }
}
