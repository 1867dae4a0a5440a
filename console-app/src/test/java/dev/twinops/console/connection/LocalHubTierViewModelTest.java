package dev.twinops.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.twinops.console.tasks.ExecutorTaskRunner;
import dev.twinops.limits.IotHubTier;

/** The tier dialog keeps units within the tier's published range, says what the tier means, and what a restart stops. */
class LocalHubTierViewModelTest {

    @TempDir
    Path home;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private LocalHubTierViewModel model(LocalHubTier current, String running, List<LocalHubTier> remembered) {
        ConnectionViewModel connection = new ConnectionViewModel(new LocalHubRunner() {
            @Override
            public LocalHubEndpoint start() {
                throw new IllegalStateException("not started in this test");
            }

            @Override
            public LocalHubEndpoint restart() {
                return start();
            }

            @Override
            public void close() {
            }
        }, new HubConnector(timer), hub -> 0, new SavedConnectionsStore(home.resolve("connections.json")),
                new ExecutorTaskRunner(Runnable::run, Runnable::run), timer, Clock.systemUTC(), Duration.ofSeconds(1));
        return new LocalHubTierViewModel(connection, current, () -> running, remembered::add);
    }

    @Test
    void unitsStayWithinTheTiersPublishedRange() {
        // JavaFX hands a listener's exception to the thread's handler instead of the caller: collect them
        List<Throwable> listenerErrors = new ArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.currentThread().getUncaughtExceptionHandler();
        Thread.currentThread().setUncaughtExceptionHandler((thread, error) -> listenerErrors.add(error));
        try {
            unitsFollowTheTier();
        } finally {
            Thread.currentThread().setUncaughtExceptionHandler(before);
        }
        assertThat(listenerErrors).isEmpty();
    }

    private void unitsFollowTheTier() {
        LocalHubTierViewModel model = model(LocalHubTier.of(IotHubTier.S1, 150), "", new ArrayList<>());
        assertThat(model.tierNameProperty().get()).isEqualTo("S1");
        assertThat(model.maxUnitsProperty().get()).isEqualTo(200);

        model.tierNameProperty().set("S3");
        assertThat(model.maxUnitsProperty().get()).isEqualTo(10);
        assertThat(model.chosen()).isEqualTo(LocalHubTier.of(IotHubTier.S3, 10));

        model.tierNameProperty().set("F1");
        assertThat(model.unitsApplyProperty().get()).isFalse();
        assertThat(model.chosen()).isEqualTo(LocalHubTier.of(IotHubTier.F1, 1));

        model.tierNameProperty().set("Unlimited");
        assertThat(model.chosen()).isEqualTo(LocalHubTier.UNLIMITED);
        assertThat(model.limitsProperty().get()).startsWith("No throttling");
    }

    @Test
    void itSaysWhatTheTierAllowsAndRemembersWhatIsApplied() {
        List<LocalHubTier> remembered = new ArrayList<>();
        LocalHubTierViewModel model = model(LocalHubTier.UNLIMITED, "", remembered);

        model.tierNameProperty().set("S1");
        model.unitsProperty().set(2);

        assertThat(model.limitsProperty().get()).startsWith("Twin queries: 40 per minute.")
                .contains("Jobs reach 10 devices per second");
        model.apply();
        assertThat(remembered).containsExactly(LocalHubTier.of(IotHubTier.S1, 2));
    }

    @Test
    void aRestartNamesTheFleetAndRolloutsRunningOnTheEmbeddedHubOnly() {
        assertThat(LocalHubTierViewModel.whatARestartInterrupts(null, true, 2)).isEmpty();
        HubConnection embedded = new HubConnector(timer).connectLocal("Local hub", "127.0.0.1:8443",
                "HostName=127.0.0.1;SharedAccessKeyName=iothubowner;SharedAccessKey=c2VjcmV0LWtleS10aGF0LWlzLTMyLWJ5dGVzLWxvbmc=");
        assertThat(LocalHubTierViewModel.whatARestartInterrupts(embedded, false, 0)).isEmpty();
        assertThat(LocalHubTierViewModel.whatARestartInterrupts(embedded, true, 1))
                .isEqualTo("A simulated fleet runs on the local hub: its devices disconnect and reconnect. "
                        + "1 rollout runs on it: its hub calls fail while it restarts.");
        embedded.close();
    }
}
