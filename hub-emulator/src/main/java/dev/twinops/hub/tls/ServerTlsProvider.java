package dev.twinops.hub.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Which TLS implementation the hub's endpoints use: BoringSSL (netty-tcnative) where its native library loads, the
 * JDK's own elsewhere. Both are set up alike by {@link HubCertificates}: TLS 1.2 and 1.3 only, the same cipher
 * suites, session resumption, the same certificates; BoringSSL does the per-record work of every call in fewer
 * instructions. The system property {@value #PROPERTY} ({@code jdk}, {@code openssl} or {@code auto}, the default)
 * forces one.
 */
public final class ServerTlsProvider {

    /** System property that forces a TLS implementation: {@code jdk}, {@code openssl} or {@code auto}. */
    public static final String PROPERTY = "twinops.hub.tls";

    private static final Logger LOG = LoggerFactory.getLogger(ServerTlsProvider.class);

    private ServerTlsProvider() {
    }

    /**
     * The implementation {@value #PROPERTY} asks for; by default OpenSSL (BoringSSL) when it is available, else the JDK.
     *
     * @throws IllegalStateException if OpenSSL is asked for and cannot load, or the value is unknown
     */
    public static SslProvider configured() {
        String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "jdk":
                return SslProvider.JDK;
            case "openssl":
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("-D" + PROPERTY + "=openssl, but netty-tcnative (BoringSSL) is not "
                            + "available here: " + OpenSsl.unavailabilityCause());
                }
                return SslProvider.OPENSSL;
            case "auto":
            case "":
                if (OpenSsl.isAvailable()) {
                    return SslProvider.OPENSSL;
                }
                LOG.debug("BoringSSL not available, using the JDK's TLS: {}", String.valueOf(OpenSsl.unavailabilityCause()));
                return SslProvider.JDK;
            default:
                throw new IllegalStateException("-D" + PROPERTY + "=" + wanted + " is not a TLS provider; use jdk, openssl or auto");
        }
    }
}
