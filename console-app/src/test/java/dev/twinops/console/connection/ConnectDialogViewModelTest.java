package dev.twinops.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.twinops.console.tasks.CurrentThreadTaskRunner;

class ConnectDialogViewModelTest {

    private static final String KEY = "c2VjcmV0LWtleS10aGF0LWlzLTMyLWJ5dGVzLWxvbmc=";

    @TempDir
    Path home;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private ConnectDialogViewModel dialog;
    private int probes;

    @BeforeEach
    void openDialog() {
        LocalHubRunner noLocalHub = new LocalHubRunner() {
            @Override
            public LocalHubEndpoint start() {
                throw new IllegalStateException("not used");
            }

            @Override
            public LocalHubEndpoint restart() {
                return start();
            }

            @Override
            public void close() {
            }
        };
        ConnectionViewModel connection = new ConnectionViewModel(noLocalHub, new HubConnector(timer), hub -> {
            probes++;
            return 0;
        }, new SavedConnectionsStore(home.resolve("connections.json")), new CurrentThreadTaskRunner(), timer,
                Clock.systemUTC(), Duration.ofSeconds(1));
        dialog = new ConnectDialogViewModel(connection);
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aPastedStringIsSummarizedWithoutItsKeyAndNamesTheHub() {
        dialog.connectionStringProperty().set(
                "HostName=prod-hub.azure-devices.net;SharedAccessKeyName=service;SharedAccessKey=" + KEY);

        assertThat(dialog.summaryProperty().get()).isEqualTo("prod-hub.azure-devices.net, policy service, key c2Vj…(hidden)");
        assertThat(dialog.nameProperty().get()).isEqualTo("prod-hub");
        assertThat(dialog.problemProperty().get()).isEmpty();
    }

    @Test
    void mistakesShowAsTheyAreTypedAndNothingIsTried() {
        dialog.connectionStringProperty().set("HostName=prod-hub.azure-devices.net;SharedAccessKeyName=service");
        assertThat(dialog.problemProperty().get()).startsWith("SharedAccessKey is missing");

        dialog.connect(() -> { });

        assertThat(probes).isZero();
    }

    @Test
    void aLocalHubsConnectionStringPointsToOpenALocalHub() {
        dialog.connectionStringProperty().set("HostName=127.0.0.2;SharedAccessKeyName=iothubowner;SharedAccessKey=" + KEY);

        assertThat(dialog.problemProperty().get()).startsWith("HostName 127.0.0.2 is a local hub: open it with "
                + "Hub > Open a local hub...");
        dialog.connect(() -> { });
        assertThat(probes).isZero();
    }

    @Test
    void aWorkingHubIsSavedOwnerOnlyAndTheDialogCloses() {
        dialog.connectionStringProperty().set(
                "HostName=prod-hub.azure-devices.net;SharedAccessKeyName=service;SharedAccessKey=" + KEY);
        boolean[] closed = new boolean[1];

        dialog.connect(() -> closed[0] = true);

        assertThat(closed[0]).isTrue();
        assertThat(probes).isEqualTo(1);
        assertThat(home.resolve("connections.json")).content().contains("prod-hub", KEY);
    }

    @Test
    void theLocalHubsNameIsTaken() {
        dialog.connectionStringProperty().set(
                "HostName=prod-hub.azure-devices.net;SharedAccessKeyName=service;SharedAccessKey=" + KEY);
        dialog.nameProperty().set("Local hub");

        dialog.connect(() -> { });

        assertThat(dialog.problemProperty().get()).contains("is the embedded hub");
    }
}
