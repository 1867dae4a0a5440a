package dev.twinops.rollout.hub;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionString;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A service SAS credential the SDK clients share, renewed before its token (an hour by default) runs out: an
 * unattended rollout runs for hours. The connection string stays in memory only, and never in a message.
 */
public final class ServiceCredential {

    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(10);

    private final IotHubConnectionString connectionString;
    private final AzureSasCredential credential;
    private final Clock clock;
    private Instant expiry;

    public ServiceCredential(String serviceConnectionString, Clock clock) {
        this.connectionString = IotHubConnectionStringBuilder.createIotHubConnectionString(serviceConnectionString);
        this.clock = clock;
        IotHubServiceSasToken token = new IotHubServiceSasToken(connectionString);
        this.credential = new AzureSasCredential(token.toString());
        this.expiry = Instant.ofEpochMilli(token.getExpiryTimeMillis());
    }

    public AzureSasCredential credential() {
        return credential;
    }

    public String hostName() {
        return connectionString.getHostName();
    }

    public synchronized void renewIfDue() {
        if (clock.instant().isAfter(expiry.minus(RENEW_BEFORE_EXPIRY))) {
            IotHubServiceSasToken token = new IotHubServiceSasToken(connectionString);
            credential.update(token.toString());
            expiry = Instant.ofEpochMilli(token.getExpiryTimeMillis());
        }
    }
}
