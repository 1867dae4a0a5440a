package dev.twinops.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RenewingSasCredentialTest {

    private static final String CONNECTION_STRING =
            "HostName=127.0.0.1;SharedAccessKeyName=iothubowner;SharedAccessKey=c2VjcmV0LWtleS10aGF0LWlzLTMyLWJ5dGVzLWxvbmc=";

    /** Remembers the renewal delay instead of waiting for it. */
    private static final class RecordingTimer extends ScheduledThreadPoolExecutor {
        long lastDelayMillis = -1;

        RecordingTimer() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            lastDelayMillis = unit.toMillis(delay);
            return super.schedule(command, 1, TimeUnit.DAYS);
        }
    }

    @Test
    void theTokenIsRenewedTenMinutesBeforeItsHourIsUp() {
        RecordingTimer timer = new RecordingTimer();
        try (RenewingSasCredential credential = new RenewingSasCredential(CONNECTION_STRING, timer)) {
            assertThat(credential.credential().getSignature())
                    .startsWith("SharedAccessSignature sr=127.0.0.1&sig=").endsWith("&skn=iothubowner");
            assertThat(Duration.ofMillis(timer.lastDelayMillis))
                    .isBetween(Duration.ofMinutes(49), Duration.ofMinutes(50));

            timer.lastDelayMillis = -1;
            credential.renew();

            assertThat(Duration.ofMillis(timer.lastDelayMillis)).isBetween(Duration.ofMinutes(49), Duration.ofMinutes(50));
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void aClosedConnectionStopsRenewing() {
        RecordingTimer timer = new RecordingTimer();
        try {
            RenewingSasCredential credential = new RenewingSasCredential(CONNECTION_STRING, timer);
            credential.close();
            timer.lastDelayMillis = -1;

            credential.renew();

            assertThat(timer.lastDelayMillis).isEqualTo(-1);
        } finally {
            timer.shutdownNow();
        }
    }
}
