package dev.twinops.console.connection;

import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClientOptions;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;

/** Builds the SDK clients for a hub. Creating clients does no I/O; {@link ConnectionProbe} checks they work. */
public final class HubConnector {

    /**
     * The 2.1.9 SDK uses the HTTP read timeout as a method call's socket timeout (not the method's own timeouts),
     * so it must cover the longest call the console makes: connect timeout plus response timeout, 300 s each.
     */
    static final int METHOD_READ_TIMEOUT_SECONDS = 300 + 300 + 10;

    private final ScheduledExecutorService timer;

    public HubConnector(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * A hub reached on {@code host:port} (the embedded or a standalone local hub). Its connection string's
     * HostName cannot carry the port, so the clients use the host-name constructors with a SAS credential that
     * this connection renews before it expires.
     */
    public HubConnection connectLocal(String displayName, String serviceEndpoint, String serviceConnectionString) {
        return connectLocal(displayName, serviceEndpoint, serviceConnectionString, Optional.empty(), Optional.empty());
    }

    /** A local hub that states its tier, possibly opened from its connection.json. */
    public HubConnection connectLocal(String displayName, String serviceEndpoint, String serviceConnectionString,
                                      Optional<LocalHubTier> tier, Optional<LocalHubFile> openedFrom) {
        RenewingSasCredential credential = new RenewingSasCredential(serviceConnectionString, timer);
        String policy = credential.policyName();
        return new HubConnection(HubConnection.Kind.LOCAL, displayName, serviceEndpoint, policy,
                new TwinClient(serviceEndpoint, credential.credential()),
                new QueryClient(serviceEndpoint, credential.credential()),
                new RegistryClient(serviceEndpoint, credential.credential()),
                new DirectMethodsClient(serviceEndpoint, credential.credential(), methodOptions()),
                new ScheduledJobsClient(serviceEndpoint, credential.credential()),
                credential, tier, openedFrom);
    }

    /** An Azure IoT Hub: the SDK's connection-string constructors mint a fresh token per request. */
    public HubConnection connectAzure(String displayName, ServiceConnectionString connectionString) {
        String cs = connectionString.secretValue();
        return new HubConnection(HubConnection.Kind.AZURE, displayName, connectionString.hostName(),
                connectionString.policyName(), new TwinClient(cs), new QueryClient(cs), new RegistryClient(cs),
                new DirectMethodsClient(cs, methodOptions()), new ScheduledJobsClient(cs), null,
                Optional.empty(), Optional.empty());
    }

    private static DirectMethodsClientOptions methodOptions() {
        return DirectMethodsClientOptions.builder().httpReadTimeoutSeconds(METHOD_READ_TIMEOUT_SECONDS).build();
    }
}
