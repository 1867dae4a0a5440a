package dev.twinops.hub.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Which TLS implementation the hub's endpoints use: the JDK's own by default, or BoringSSL (netty-tcnative) when the
 * system property {@value #PROPERTY} asks for it ({@code openssl}; {@code auto}: BoringSSL where its library loads,
 * else the JDK's). Both are set up alike by {@link HubCertificates}: TLS 1.2 and 1.3 only, the same certificates,
 * session resumption. BoringSSL is not the default because, measured side by side with the direct-method benchmark,
 * it cost the hub's event loops more CPU per call than the JDK's TLS for these small records and gained no latency
 * that showed above the noise (docs/performance.md).
 */
public final class ServerTlsProvider {

    /** System property that chooses a TLS implementation: {@code jdk} (the default), {@code openssl} or {@code auto}. */
    public static final String PROPERTY = "twinops.hub.tls";

    private static final Logger LOG = LoggerFactory.getLogger(ServerTlsProvider.class);

    private ServerTlsProvider() {
    }

    /**
     * The implementation {@value #PROPERTY} asks for: the JDK's unless it says {@code openssl}, or {@code auto} and
     * BoringSSL loads.
     *
     * @throws IllegalStateException if OpenSSL is asked for and cannot load, or the value is unknown
     */
    public static SslProvider configured() {
        String wanted = System.getProperty(PROPERTY, "jdk").trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "jdk":
            case "":
                return SslProvider.JDK;
            case "openssl":
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("-D" + PROPERTY + "=openssl, but netty-tcnative (BoringSSL) is not "
                            + "available here: " + OpenSsl.unavailabilityCause());
                }
                return SslProvider.OPENSSL;
            case "auto":
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
