package dev.twinops.hub.tls;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraintValidatorException;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PKIXNameConstraintValidator;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The names the hub's CA may vouch for, as an X.509 name-constraints extension (critical, so every client that
 * validates the chain enforces it): {@code localhost}, 127.0.0.0/8, ::1 and, for a hub bound to another name, that
 * name alone. A CA whose key leaked from a data directory, or that a user trusted JVM-wide, can then never vouch
 * for {@code *.azure-devices.net} or any other host.
 */
final class CaNameConstraints {
    private static final byte[] LOOPBACK_V4 = {127, 0, 0, 0, (byte) 255, 0, 0, 0};

    private CaNameConstraints() {
    }

    /** Loopback plus whichever of {@code serverNames} lies outside it. */
    static NameConstraints permitting(Collection<String> serverNames) {
        List<GeneralSubtree> permitted = new ArrayList<>();
        permitted.add(new GeneralSubtree(new GeneralName(GeneralName.dNSName, "localhost")));
        permitted.add(ipSubtree(LOOPBACK_V4));
        permitted.add(ipSubtree(withFullMask(ipv6Loopback())));
        for (String name : serverNames) {
            if (isLoopback(name)) {
                continue;
            }
            permitted.add(HubCertificates.isIpLiteral(name)
                    ? ipSubtree(withFullMask(address(name).getAddress()))
                    : new GeneralSubtree(new GeneralName(GeneralName.dNSName, name)));
        }
        return new NameConstraints(permitted.toArray(GeneralSubtree[]::new), null);
    }

    /** Whether {@code ca} carries name constraints that permit every one of {@code serverNames}. */
    static boolean permitsAll(X509Certificate ca, Collection<String> serverNames) {
        try {
            X509CertificateHolder holder = new JcaX509CertificateHolder(ca);
            Extension extension = holder.getExtension(Extension.nameConstraints);
            if (extension == null) {
                return false;
            }
            NameConstraints constraints = NameConstraints.getInstance(extension.getParsedValue());
            if (constraints.getPermittedSubtrees() == null) {
                return false;
            }
            PKIXNameConstraintValidator validator = new PKIXNameConstraintValidator();
            validator.intersectPermittedSubtree(constraints.getPermittedSubtrees());
            for (String name : serverNames) {
                validator.checkPermitted(HubCertificates.isIpLiteral(name)
                        ? new GeneralName(GeneralName.iPAddress, new DEROctetString(address(name).getAddress()))
                        : new GeneralName(GeneralName.dNSName, name));
            }
            return true;
        } catch (CertificateEncodingException | NameConstraintValidatorException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isLoopback(String name) {
        if (name.equalsIgnoreCase("localhost")) {
            return true;
        }
        return HubCertificates.isIpLiteral(name) && address(name).isLoopbackAddress();
    }

    private static GeneralSubtree ipSubtree(byte[] addressAndMask) {
        return new GeneralSubtree(new GeneralName(GeneralName.iPAddress, new DEROctetString(addressAndMask)));
    }

    private static byte[] withFullMask(byte[] address) {
        byte[] both = new byte[address.length * 2];
        System.arraycopy(address, 0, both, 0, address.length);
        for (int i = address.length; i < both.length; i++) {
            both[i] = (byte) 0xFF;
        }
        return both;
    }

    private static byte[] ipv6Loopback() {
        byte[] address = new byte[16];
        address[15] = 1;
        return address;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }
}
