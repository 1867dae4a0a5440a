package dev.twinops.console.connection;

import java.util.Objects;
import java.util.Optional;

import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;

/**
 * The service SDK clients for one hub, plus what the console shows about it. The console does not care
 * whether the hub is the embedded local one or Azure: only the connection material differs.
 * Closing stops the credential renewal; the SDK clients themselves hold no connections (plain HTTPS).
 */
public final class HubConnection implements AutoCloseable {

    /** Where a hub lives, for the status bar and error messages. */
    public enum Kind { LOCAL, AZURE }

    private final Kind kind;
    private final String displayName;
    private final String endpoint;
    private final String policyName;
    private final TwinClient twins;
    private final QueryClient queries;
    private final RegistryClient registry;
    private final DirectMethodsClient methods;
    private final ScheduledJobsClient jobs;
    private final AutoCloseable credentialRenewal;
    private final Optional<LocalHubTier> tier;
    private final Optional<LocalHubFile> openedFrom;

    HubConnection(Kind kind, String displayName, String endpoint, String policyName, TwinClient twins,
                  QueryClient queries, RegistryClient registry, DirectMethodsClient methods, ScheduledJobsClient jobs,
                  AutoCloseable credentialRenewal, Optional<LocalHubTier> tier, Optional<LocalHubFile> openedFrom) {
        this.kind = Objects.requireNonNull(kind);
        this.displayName = Objects.requireNonNull(displayName);
        this.endpoint = Objects.requireNonNull(endpoint);
        this.policyName = Objects.requireNonNull(policyName);
        this.twins = Objects.requireNonNull(twins);
        this.queries = Objects.requireNonNull(queries);
        this.registry = Objects.requireNonNull(registry);
        this.methods = Objects.requireNonNull(methods);
        this.jobs = Objects.requireNonNull(jobs);
        this.credentialRenewal = credentialRenewal;
        this.tier = Objects.requireNonNull(tier);
        this.openedFrom = Objects.requireNonNull(openedFrom);
    }

    public Kind kind() {
        return kind;
    }

    /** "Local hub" or the saved connection's name. */
    public String displayName() {
        return displayName;
    }

    /** "127.0.0.1:8443" or "my-hub.azure-devices.net". */
    public String endpoint() {
        return endpoint;
    }

    /** The shared access policy the console acts as, e.g. "iothubowner". */
    public String policyName() {
        return policyName;
    }

    /**
     * The tier a local hub says it throttles as (the embedded hub's chosen one, or what an opened hub wrote in its
     * connection.json); empty for Azure, which does not say, and for local hubs too old to say.
     */
    public Optional<LocalHubTier> tier() {
        return tier;
    }

    /** For a local hub opened by its data directory: what its connection.json said; empty otherwise. */
    public Optional<LocalHubFile> openedFrom() {
        return openedFrom;
    }

    public TwinClient twins() {
        return twins;
    }

    public QueryClient queries() {
        return queries;
    }

    public RegistryClient registry() {
        return registry;
    }

    /** Direct methods; its HTTP read timeout covers the longest call (see {@link HubConnector}). */
    public DirectMethodsClient methods() {
        return methods;
    }

    public ScheduledJobsClient jobs() {
        return jobs;
    }

    @Override
    public void close() {
        if (credentialRenewal != null) {
            try {
                credentialRenewal.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop credential renewal", e);
            }
        }
    }

    @Override
    public String toString() {
        return displayName + " (" + endpoint + ", policy " + policyName + ")";
    }
}
