package dev.twinops.console.connection;

import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a running local hub with the service SDK.
 *
 * @param serviceEndpoint         host:port for the SDK clients' host-name constructors
 * @param serviceConnectionString the iothubowner connection string (secret: never logged)
 * @param note                    what the operator should know about where it runs (e.g. it moved address)
 * @param tier                    the throttling it applies, when the runner knows it
 */
public record LocalHubEndpoint(String serviceEndpoint, String serviceConnectionString, Optional<String> note,
                               Optional<LocalHubTier> tier) {

    public LocalHubEndpoint {
        Objects.requireNonNull(serviceEndpoint, "serviceEndpoint");
        Objects.requireNonNull(serviceConnectionString, "serviceConnectionString");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(tier, "tier");
    }

    public LocalHubEndpoint(String serviceEndpoint, String serviceConnectionString, Optional<String> note) {
        this(serviceEndpoint, serviceConnectionString, note, Optional.empty());
    }

    public LocalHubEndpoint(String serviceEndpoint, String serviceConnectionString) {
        this(serviceEndpoint, serviceConnectionString, Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return "LocalHubEndpoint[" + serviceEndpoint + "]";
    }
}
