package dev.twinops.hub;

import dev.twinops.hub.throttle.ThrottlingPolicy;
import dev.twinops.limits.IotHubTier;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start a {@link LocalHub}: the data directory (required; created if missing), the address both endpoints
 * bind (default {@code 127.0.0.1}; it also goes into connection strings and the server certificate) and the
 * HTTPS service port (default 8443; 0 picks a free port). MQTT always listens on 8883, the port the device SDK
 * connects to.
 */
public final class HubConfig {
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_HTTPS_PORT = 8443;

    private final Path dataDirectory;
    private final String bindAddress;
    private final int httpsPort;
    private final ThrottlingPolicy throttling;

    private HubConfig(Builder builder) {
        this.dataDirectory = builder.dataDirectory;
        this.bindAddress = builder.bindAddress;
        this.httpsPort = builder.httpsPort;
        this.throttling = builder.throttling;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int httpsPort() {
        return httpsPort;
    }

    /** IoT Hub's operation limits the hub applies (429 / 429001 beyond them); none by default. */
    public ThrottlingPolicy throttling() {
        return throttling;
    }

    @Override
    public String toString() {
        return "HubConfig[data=" + dataDirectory + ", bind=" + bindAddress + ", httpsPort=" + httpsPort + "]";
    }

    public static final class Builder {
        private Path dataDirectory;
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private int httpsPort = DEFAULT_HTTPS_PORT;
        private ThrottlingPolicy throttling = ThrottlingPolicy.none();

        private Builder() {
        }

        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress").trim();
            return this;
        }

        public Builder httpsPort(int httpsPort) {
            this.httpsPort = httpsPort;
            return this;
        }

        /** E.g. {@code ThrottlingPolicy.of(IotHubTier.S1, 1)} to rehearse against an S1 hub's limits. */
        public Builder throttling(ThrottlingPolicy throttling) {
            this.throttling = Objects.requireNonNull(throttling, "throttling");
            return this;
        }

        /**
         * The limits of {@code units} units of {@code tier} ({@code ThrottlingPolicy.of}), for embedders that
         * choose a tier without reaching into the throttle package.
         *
         * @throws IllegalArgumentException if units is outside the tier's range
         */
        public Builder tier(IotHubTier tier, int units) {
            return throttling(ThrottlingPolicy.of(tier, units));
        }

        /**
         * @throws IllegalArgumentException if the data directory is missing, the bind address empty or the port
         *                                  outside 0..65535 (or 8883, which the MQTT endpoint uses)
         */
        public HubConfig build() {
            if (dataDirectory == null) {
                throw new IllegalArgumentException("A data directory is required");
            }
            if (bindAddress.isEmpty()) {
                throw new IllegalArgumentException("The bind address is empty");
            }
            if (httpsPort < 0 || httpsPort > 65535) {
                throw new IllegalArgumentException("The HTTPS port " + httpsPort + " is outside 0..65535");
            }
            if (httpsPort == 8883) {
                throw new IllegalArgumentException("The HTTPS port cannot be 8883: the MQTT device endpoint uses it");
            }
            return new HubConfig(this);
        }
    }
}
