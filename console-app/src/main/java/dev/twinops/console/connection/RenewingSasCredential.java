package dev.twinops.console.connection;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionString;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;

/**
 * A service SAS token for the {@code (hostName, AzureSasCredential)} SDK constructors, replaced in place
 * ({@link AzureSasCredential#update}) a margin before it expires, so clients built once keep working for
 * as long as the console runs. The token itself is never logged.
 */
final class RenewingSasCredential implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RenewingSasCredential.class);

    /** Renew this long before expiry (tokens live an hour). */
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(10);

    private final IotHubConnectionString connectionString;
    private final ScheduledExecutorService timer;
    private final AzureSasCredential credential;
    private ScheduledFuture<?> next;
    private boolean closed;

    RenewingSasCredential(String serviceConnectionString, ScheduledExecutorService timer) {
        this.connectionString = IotHubConnectionStringBuilder.createIotHubConnectionString(serviceConnectionString);
        this.timer = timer;
        IotHubServiceSasToken token = new IotHubServiceSasToken(connectionString);
        this.credential = new AzureSasCredential(token.toString());
        scheduleRenewal(token.getExpiryTimeMillis());
    }

    String policyName() {
        return connectionString.getSharedAccessKeyName();
    }

    AzureSasCredential credential() {
        return credential;
    }

    /** Mints a fresh token now (also what the timer does). */
    synchronized void renew() {
        if (closed) {
            return;
        }
        IotHubServiceSasToken token = new IotHubServiceSasToken(connectionString);
        credential.update(token.toString());
        LOG.info("Renewed SAS token for {} (policy {})", connectionString.getHostName(),
                connectionString.getSharedAccessKeyName());
        scheduleRenewal(token.getExpiryTimeMillis());
    }

    private synchronized void scheduleRenewal(long expiryMillis) {
        long delay = Math.max(1_000,
                expiryMillis - RENEW_BEFORE_EXPIRY.toMillis() - System.currentTimeMillis());
        next = timer.schedule(this::renewQuietly, delay, TimeUnit.MILLISECONDS);
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            // Keep trying: a failed renewal would otherwise leave the console with an expiring token.
            LOG.error("Could not renew the SAS token for {}; retrying in a minute", connectionString.getHostName(), e);
            synchronized (this) {
                if (!closed) {
                    next = timer.schedule(this::renewQuietly, 1, TimeUnit.MINUTES);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel(false);
        }
    }
}
