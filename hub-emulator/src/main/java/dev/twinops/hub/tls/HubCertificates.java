package dev.twinops.hub.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The hub's own certificate authority and the server certificate both endpoints present.
 *
 * <p>On first start a CA ({@link HubCertificateAuthority}: a root clients trust, and a name-constrained issuer;
 * EC P-256, 10 years) and a server certificate signed by the issuer are generated into {@code <dataDir>/tls/};
 * later starts reuse the CA, and reuse the server certificate as long as its subject alternative names cover the
 * bind address and it is not about to expire. Clients trust the root ({@link #caCertificatePath()}), so a
 * re-issued server certificate needs no client change. Private keys are written owner-only; the root's is never
 * written at all, and the issuer may vouch only for loopback names and addresses and the bind address.
 */
public final class HubCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(HubCertificates.class);

    static final String TLS_DIR = "tls";
    static final String SERVER_CERT = "server.pem";
    static final String SERVER_KEY = "server.key";

    private static final Duration SERVER_VALIDITY = Duration.ofDays(825);
    /** A server certificate this close to expiry is re-issued at start. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final Path caCertificatePath;
    private final X509Certificate caCertificate;
    private final X509Certificate issuerCertificate;
    private final X509Certificate serverCertificate;
    private final PrivateKey serverKey;
    private final SslProvider tlsProvider;
    private final SslContext serverSslContext;

    private HubCertificates(Path caCertificatePath, X509Certificate caCertificate, X509Certificate issuerCertificate,
                            X509Certificate serverCertificate, PrivateKey serverKey) throws SSLException {
        this.caCertificatePath = caCertificatePath;
        this.caCertificate = caCertificate;
        this.issuerCertificate = issuerCertificate;
        this.serverCertificate = serverCertificate;
        this.serverKey = serverKey;
        // either provider resumes TLS 1.2 sessions by id and TLS 1.3 ones by ticket (TlsSessionResumptionTest)
        this.tlsProvider = ServerTlsProvider.configured();
        this.serverSslContext = SslContextBuilder.forServer(serverKey, serverCertificate, issuerCertificate)
                .sslProvider(tlsProvider)
                .protocols("TLSv1.3", "TLSv1.2")
                .build();
    }

    /**
     * Loads the CA and server certificate from {@code <dataDir>/tls/}, creating what is missing.
     *
     * @param bindAddress the address the endpoints listen on (an IP literal or a host name); the server
     *                    certificate names it, {@code localhost} and {@code 127.0.0.1}
     * @throws IOException if the files cannot be read or written, or hold something that is not a certificate/key
     */
    public static synchronized HubCertificates loadOrCreate(Path dataDir, String bindAddress) throws IOException {
        Path tlsDir = dataDir.resolve(TLS_DIR);
        Files.createDirectories(tlsDir);
        Path serverCertPath = tlsDir.resolve(SERVER_CERT);
        Path serverKeyPath = tlsDir.resolve(SERVER_KEY);
        try {
            Set<String> wantedNames = subjectNames(bindAddress);
            HubCertificateAuthority ca = HubCertificateAuthority.loadOrCreate(tlsDir, wantedNames);

            X509Certificate serverCert = null;
            PrivateKey serverKey = null;
            if (!ca.created() && Files.exists(serverCertPath) && Files.exists(serverKeyPath)) {
                OwnerOnlyFiles.checkAdoptable(serverKeyPath, true);
                OwnerOnlyFiles.checkAdoptable(serverCertPath, false);
                X509Certificate existing = PemFiles.readCertificate(serverCertPath);
                if (isUsable(existing, ca.issuer(), wantedNames)) {
                    serverCert = existing;
                    serverKey = PemFiles.readPrivateKey(serverKeyPath);
                }
            }
            if (serverCert == null) {
                KeyPair serverPair = HubCertificateAuthority.newKeyPair();
                serverCert = issueServer(serverPair.getPublic(), ca.issuer(), ca.issuerKey(), wantedNames);
                serverKey = serverPair.getPrivate();
                OwnerOnlyFiles.writeString(serverKeyPath, PemFiles.privateKey(serverKey));
                OwnerOnlyFiles.writePublicString(serverCertPath, PemFiles.certificate(serverCert));
                LOG.info("Issued a server certificate for {}", wantedNames);
            }
            return new HubCertificates(tlsDir.resolve(HubCertificateAuthority.ROOT_CERT).toAbsolutePath(), ca.root(),
                    ca.issuer(), serverCert, serverKey);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("Cannot create or load the hub's TLS certificates in " + tlsDir + ": " + e.getMessage(), e);
        }
    }

    /** The CA certificate (PEM) clients trust; also the issuer of every server certificate of this data directory. */
    public Path caCertificatePath() {
        return caCertificatePath;
    }

    /** The root clients trust. */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The name-constrained issuer of the server certificate, sent with it. */
    public X509Certificate issuerCertificate() {
        return issuerCertificate;
    }

    public X509Certificate serverCertificate() {
        return serverCertificate;
    }

    /**
     * A server-side Netty context (TLS 1.2 and 1.3, BoringSSL or the JDK's, see {@link ServerTlsProvider}) presenting
     * the server certificate with the issuer as chain. Shared by the MQTT and HTTPS endpoints; each connection needs
     * its own {@code newHandler(alloc)}.
     */
    public SslContext serverSslContext() {
        return serverSslContext;
    }

    /** The TLS implementation behind {@link #serverSslContext()} ({@link ServerTlsProvider}). */
    public SslProvider tlsProvider() {
        return tlsProvider;
    }

    PrivateKey serverKey() {
        return serverKey;
    }

    // ---- issuing ----

    private static X509Certificate issueServer(PublicKey serverKey, X509Certificate ca, PrivateKey caKey, Set<String> names)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        List<GeneralName> altNames = new ArrayList<>();
        for (String n : names) {
            altNames.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
        }
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                ca, HubCertificateAuthority.serial(), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SERVER_VALIDITY)),
                new X500Name("CN=" + names.iterator().next() + ",O=TwinOps"), serverKey)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames.toArray(GeneralName[]::new)))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(serverKey))
                .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca));
        return HubCertificateAuthority.sign(builder, caKey);
    }

    /** The names the server certificate must carry: the bind address, localhost and 127.0.0.1, in that order. */
    static Set<String> subjectNames(String bindAddress) {
        Set<String> names = new LinkedHashSet<>();
        String bind = bindAddress.trim().toLowerCase(Locale.ROOT);
        if (bind.startsWith("[") && bind.endsWith("]")) {
            bind = bind.substring(1, bind.length() - 1);
        }
        // A wildcard bind address is no name a client can connect to; the loopback names still are.
        if (!bind.isEmpty() && !bind.equals("0.0.0.0") && !bind.equals("::")) {
            names.add(bind);
        }
        names.add("localhost");
        names.add("127.0.0.1");
        return names;
    }

    private static boolean isUsable(X509Certificate server, X509Certificate ca, Set<String> wantedNames) {
        try {
            server.verify(ca.getPublicKey());
            if (server.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
                LOG.info("The server certificate expires on {}: issuing a new one", server.getNotAfter().toInstant());
                return false;
            }
            Set<String> present = sanNames(server);
            for (String wanted : wantedNames) {
                if (!present.contains(normalise(wanted))) {
                    LOG.info("The server certificate does not name {}: issuing a new one", wanted);
                    return false;
                }
            }
            return true;
        } catch (GeneralSecurityException e) {
            LOG.info("The server certificate was not issued by this hub's CA: issuing a new one");
            return false;
        }
    }

    static Set<String> sanNames(X509Certificate certificate) throws CertificateParsingException {
        Set<String> names = new LinkedHashSet<>();
        Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
        if (entries != null) {
            for (List<?> entry : entries) {
                Object value = entry.get(1);
                if (value instanceof String s) {
                    names.add(normalise(s));
                }
            }
        }
        return names;
    }

    /** IP literals compare by address ("::1" equals "0:0:0:0:0:0:0:1"), names case-insensitively. */
    private static String normalise(String name) {
        if (isIpLiteral(name)) {
            try {
                return InetAddress.getByName(name).getHostAddress();
            } catch (IOException e) {
                return name;
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    static boolean isIpLiteral(String s) {
        if (s.matches("[0-9.]+")) {
            return s.chars().filter(c -> c == '.').count() == 3;
        }
        return s.indexOf(':') >= 0; // host names never contain a colon: an IPv6 literal
    }
}
