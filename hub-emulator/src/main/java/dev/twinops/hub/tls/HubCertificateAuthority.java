package dev.twinops.hub.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Set;

/**
 * The hub's certificate authority, in two tiers so that it can never vouch for a name it does not serve:
 * <ul>
 *   <li>a root ({@code ca.pem}), what clients trust. Its private key signs the issuer once and is then discarded:
 *       it is never written anywhere, so nobody, whoever reads the data directory, can sign with it again;</li>
 *   <li>an issuer ({@code issuer.pem}, key {@code issuer.key}, owner-only) that signs the server certificates and
 *       carries critical name constraints ({@link CaNameConstraints}: loopback and the bind address). Clients
 *       enforce constraints on every certificate of the chain below the one they trust (the JDK does not enforce
 *       them on a trusted root itself, hence the two tiers).</li>
 * </ul>
 * An authority that may not vouch for the names a start needs (one from before this layout, with a root key
 * {@code ca.key} on disk; or one constrained to another non-loopback bind address) is replaced, and clients must
 * trust the new {@code ca.pem}.
 */
final class HubCertificateAuthority {
    private static final Logger LOG = LoggerFactory.getLogger(HubCertificateAuthority.class);

    static final String ROOT_CERT = "ca.pem";
    static final String ISSUER_CERT = "issuer.pem";
    static final String ISSUER_KEY = "issuer.key";
    /** The unconstrained root's key, kept by earlier versions of the hub: deleted when found. */
    static final String LEGACY_ROOT_KEY = "ca.key";

    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate root;
    private final X509Certificate issuer;
    private final PrivateKey issuerKey;
    private final boolean created;

    private HubCertificateAuthority(X509Certificate root, X509Certificate issuer, PrivateKey issuerKey, boolean created) {
        this.root = root;
        this.issuer = issuer;
        this.issuerKey = issuerKey;
        this.created = created;
    }

    /**
     * Loads the authority from {@code tlsDir} if it may vouch for {@code serverNames}, else creates a new one.
     */
    static HubCertificateAuthority loadOrCreate(Path tlsDir, Set<String> serverNames)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Path rootPath = tlsDir.resolve(ROOT_CERT);
        Path issuerPath = tlsDir.resolve(ISSUER_CERT);
        Path issuerKeyPath = tlsDir.resolve(ISSUER_KEY);
        if (Files.exists(rootPath) && Files.exists(issuerPath) && Files.exists(issuerKeyPath)) {
            OwnerOnlyFiles.checkAdoptable(issuerKeyPath, true);
            OwnerOnlyFiles.checkAdoptable(issuerPath, false);
            OwnerOnlyFiles.checkAdoptable(rootPath, false);
            X509Certificate root = PemFiles.readCertificate(rootPath);
            X509Certificate issuer = PemFiles.readCertificate(issuerPath);
            if (signedBy(issuer, root) && CaNameConstraints.permitsAll(issuer, serverNames)) {
                deleteLegacyRootKey(tlsDir);
                return new HubCertificateAuthority(root, issuer, PemFiles.readPrivateKey(issuerKeyPath), false);
            }
            LOG.info("The hub's certificate authority in {} may not vouch for {}: creating a new one, which clients"
                    + " must trust instead", tlsDir, serverNames);
        } else if (Files.exists(rootPath)) {
            LOG.info("The hub's certificate authority {} is not name-constrained: creating a new one, which clients must"
                    + " trust instead", rootPath);
        }
        return create(tlsDir, serverNames);
    }

    private static HubCertificateAuthority create(Path tlsDir, Set<String> serverNames)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Instant now = Instant.now();
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        KeyPair rootPair = newKeyPair();
        X500Name rootName = new X500Name("CN=TwinOps local hub CA " + stamp + ",O=TwinOps");
        X509Certificate root = sign(new JcaX509v3CertificateBuilder(rootName, serial(), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(VALIDITY)), rootName, rootPair.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(1))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(rootPair.getPublic())), rootPair.getPrivate());

        KeyPair issuerPair = newKeyPair();
        X509Certificate issuer = sign(new JcaX509v3CertificateBuilder(root, serial(), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(VALIDITY)), new X500Name("CN=TwinOps local hub issuer " + stamp + ",O=TwinOps"),
                issuerPair.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                // critical: a client that cannot enforce the constraints must refuse the chain rather than ignore them
                .addExtension(Extension.nameConstraints, true, CaNameConstraints.permitting(serverNames))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(issuerPair.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(root)), rootPair.getPrivate());
        // the root's private key ends here: it is never written

        // key first, the root last: ca.pem appears only with everything it stands for in place
        OwnerOnlyFiles.writeString(tlsDir.resolve(ISSUER_KEY), PemFiles.privateKey(issuerPair.getPrivate()));
        OwnerOnlyFiles.writePublicString(tlsDir.resolve(ISSUER_CERT), PemFiles.certificate(issuer));
        OwnerOnlyFiles.writePublicString(tlsDir.resolve(ROOT_CERT), PemFiles.certificate(root));
        deleteLegacyRootKey(tlsDir);
        LOG.info("Created the hub's certificate authority {} (may vouch for loopback and {})",
                tlsDir.resolve(ROOT_CERT), serverNames);
        return new HubCertificateAuthority(root, issuer, issuerPair.getPrivate(), true);
    }

    /** What clients trust. */
    X509Certificate root() {
        return root;
    }

    /** Signs the server certificates; sent with them as their chain. */
    X509Certificate issuer() {
        return issuer;
    }

    PrivateKey issuerKey() {
        return issuerKey;
    }

    /** True if this start created the authority (so no earlier server certificate can chain to it). */
    boolean created() {
        return created;
    }

    static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner contentSigner = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signer);
        X509CertificateHolder holder = builder.build(contentSigner);
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate signer) {
        try {
            certificate.verify(signer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void deleteLegacyRootKey(Path tlsDir) throws IOException {
        if (Files.deleteIfExists(tlsDir.resolve(LEGACY_ROOT_KEY))) {
            LOG.info("Deleted {}: the key of an unconstrained root, which could vouch for any host",
                    tlsDir.resolve(LEGACY_ROOT_KEY));
        }
    }
}
