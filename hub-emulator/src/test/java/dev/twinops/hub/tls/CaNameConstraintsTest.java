package dev.twinops.hub.tls;

import dev.twinops.hub.testing.LoopbackAddresses;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.X509TrustManager;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hub's CA, even with every key of the data directory in hand, vouches for loopback and the bind address only. */
class CaNameConstraintsTest {

    @TempDir
    Path dataDir;

    @Test
    void aCertificateTheCaSignsForAnAzureHostIsRefusedByAClientThatTrustsTheCa() throws Exception {
        String bind = LoopbackAddresses.random();
        HubCertificates hub = HubCertificates.loadOrCreate(dataDir, bind);
        X509Certificate issuer = hub.issuerCertificate();
        PrivateKey issuerKey = readKey(dataDir.resolve("tls/issuer.key"));
        // as the device SDK (IotHubSSLContext) and the clients (PerHubTrust, at the hub's address) trust it: ca.pem
        X509TrustManager trusting = TrustedCertificates.trustManager(
                TrustedCertificates.readCertificates(hub.caCertificatePath()));

        // the hub's own server certificate is accepted
        assertThatCode(() -> trusting.checkServerTrusted(new X509Certificate[] {hub.serverCertificate(), issuer},
                "ECDHE_ECDSA")).doesNotThrowAnyException();
        // whoever holds issuer.key cannot make it vouch for another host (and no other key is on disk)
        for (GeneralName name : List.of(new GeneralName(GeneralName.dNSName, "myhub.azure-devices.net"),
                new GeneralName(GeneralName.dNSName, "localhost.evil.example"),
                new GeneralName(GeneralName.iPAddress, "10.0.0.1"))) {
            X509Certificate forged = leaf(issuer, issuerKey, name);
            assertThatThrownBy(() -> trusting.checkServerTrusted(new X509Certificate[] {forged, issuer}, "ECDHE_ECDSA"))
                    .as(name.toString()).isInstanceOf(CertificateException.class);
        }
        X509Certificate loopback = leaf(issuer, issuerKey, new GeneralName(GeneralName.iPAddress, "127.9.9.9"));
        assertThatCode(() -> trusting.checkServerTrusted(new X509Certificate[] {loopback, issuer}, "ECDHE_ECDSA"))
                .doesNotThrowAnyException();
        try (var files = Files.list(dataDir.resolve("tls"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("ca.pem", "issuer.pem", "issuer.key", "server.pem", "server.key");
        }
    }

    @Test
    void aCaWithoutNameConstraintsFromAnEarlierRunIsReplaced() throws Exception {
        KeyPair pair = newKeyPair();
        X500Name name = new X500Name("CN=unconstrained");
        X509Certificate old = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.TEN, Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plus(Duration.ofDays(10))),
                name, pair.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        OwnerOnlyFiles.writeString(dataDir.resolve("tls/ca.key"), pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
        OwnerOnlyFiles.writePublicString(dataDir.resolve("tls/ca.pem"), pem(old));

        HubCertificates hub = HubCertificates.loadOrCreate(dataDir, "127.0.0.1");
        assertThat(hub.caCertificate()).isNotEqualTo(old);
        assertThat(CaNameConstraints.permitsAll(hub.issuerCertificate(), List.of("127.0.0.1", "localhost"))).isTrue();
        assertThat(dataDir.resolve("tls/ca.key")).as("the old root's key, which could sign anything").doesNotExist();
        hub.serverCertificate().verify(hub.issuerCertificate().getPublicKey());
    }

    @Test
    void aHubBoundToAnotherNameHasACaForThatNameAloneAndKeepsItForLoopback() throws Exception {
        HubCertificates named = HubCertificates.loadOrCreate(dataDir, "hub.example.lan");
        assertThat(CaNameConstraints.permitsAll(named.issuerCertificate(), List.of("hub.example.lan", "127.0.0.1"))).isTrue();
        assertThat(CaNameConstraints.permitsAll(named.issuerCertificate(), List.of("other.example.lan"))).isFalse();

        assertThat(HubCertificates.loadOrCreate(dataDir, "127.0.0.1").caCertificate()).isEqualTo(named.caCertificate());
        HubCertificates renamed = HubCertificates.loadOrCreate(dataDir, "other.example.lan");
        assertThat(renamed.caCertificate()).isNotEqualTo(named.caCertificate());
        assertThat(CaNameConstraints.permitsAll(renamed.issuerCertificate(), List.of("hub.example.lan"))).isFalse();
    }

    private static X509Certificate leaf(X509Certificate ca, PrivateKey caKey, GeneralName name) throws Exception {
        KeyPair pair = newKeyPair();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(ca,
                BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plus(Duration.ofDays(1))), new X500Name("O=forged"), pair.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(name))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
    }

    private static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static PrivateKey readKey(Path path) throws Exception {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(path))) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        }
    }

    private static String pem(Object object) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
