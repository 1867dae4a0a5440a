package dev.twinops.console.connection;

import java.util.Objects;

/**
 * How to reach a running local hub with the service SDK.
 *
 * @param serviceEndpoint         host:port for the SDK clients' host-name constructors
 * @param serviceConnectionString the iothubowner connection string (secret: never logged)
 */
public record LocalHubEndpoint(String serviceEndpoint, String serviceConnectionString) {

    public LocalHubEndpoint {
        Objects.requireNonNull(serviceEndpoint, "serviceEndpoint");
        Objects.requireNonNull(serviceConnectionString, "serviceConnectionString");
    }

    @Override
    public String toString() {
        return "LocalHubEndpoint[" + serviceEndpoint + "]";
    }
}
