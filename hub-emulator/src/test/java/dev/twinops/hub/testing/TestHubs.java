package dev.twinops.hub.testing;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.LocalHub;
import dev.twinops.hubclient.trust.PerHubTrust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Starts LocalHubs for tests on random loopback addresses and makes service SDK credentials for them. */
public final class TestHubs {
    private TestHubs() {
    }

    /** A hub on a random loopback address, port 8443; its CA is trusted for its address (for the service SDK). */
    public static LocalHub start(Path dataDir) {
        return start(dataDir, LoopbackAddresses.random());
    }

    public static LocalHub start(Path dataDir, String bindAddress) {
        LocalHub hub = LocalHub.start(HubConfig.builder().dataDirectory(dataDir).bindAddress(bindAddress).build());
        try {
            PerHubTrust.jvm().trust(hub.connectionInfo().serviceEndpoint(), hub.connectionInfo().caCertificatePath());
        } catch (IOException e) {
            hub.close();
            throw new UncheckedIOException(e);
        }
        return hub;
    }

    /** A SAS credential for a shared access policy, made the way the SDK documents it. */
    public static AzureSasCredential credential(LocalHub hub, String policy) {
        String cs = hub.connectionInfo().serviceConnectionString(policy);
        return new AzureSasCredential(new IotHubServiceSasToken(
                IotHubConnectionStringBuilder.createIotHubConnectionString(cs)).toString());
    }
}
