package dev.twinops.hub.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** Certificates and private keys as PEM text, the way OpenSSL, Netty and the JDK all read them. */
final class PemFiles {

    private PemFiles() {
    }

    static String certificate(X509Certificate certificate) throws IOException {
        return write(new JcaMiscPEMGenerator(certificate));
    }

    /** PKCS#8 ("BEGIN PRIVATE KEY"). */
    static String privateKey(PrivateKey key) throws IOException {
        return write(new JcaPKCS8Generator(key, null));
    }

    static X509Certificate readCertificate(Path path) throws IOException, GeneralSecurityException {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            if (object instanceof X509CertificateHolder holder) {
                return new JcaX509CertificateConverter().getCertificate(holder);
            }
            throw new IOException(path + " does not hold a PEM certificate");
        }
    }

    static PrivateKey readPrivateKey(Path path) throws IOException {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IOException(path + " does not hold a PEM private key");
        }
    }

    private static String write(PemObjectGenerator generator) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(generator);
        }
        return out.toString();
    }
}
