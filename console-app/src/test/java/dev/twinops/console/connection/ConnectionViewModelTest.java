package dev.twinops.console.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
import dev.twinops.console.tasks.ExecutorTaskRunner;

class ConnectionViewModelTest {

    private static final String LOCAL_CONNECTION_STRING =
            "HostName=127.0.0.1;SharedAccessKeyName=iothubowner;SharedAccessKey=c2VjcmV0LWtleS10aGF0LWlzLTMyLWJ5dGVzLWxvbmc=";
    private static final String AZURE_CONNECTION_STRING =
            "HostName=prod-hub.azure-devices.net;SharedAccessKeyName=registryRead;SharedAccessKey=c2VjcmV0LWtleS10aGF0LWlzLTMyLWJ5dGVzLWxvbmc=";

    @TempDir
    Path home;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService ui = Executors.newSingleThreadExecutor();
    private final AtomicBoolean hubAnswers = new AtomicBoolean(true);
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicInteger localStarts = new AtomicInteger();
    private ConnectionViewModel connection;

    private final LocalHubRunner localHub = new LocalHubRunner() {
        @Override
        public LocalHubEndpoint start() {
            localStarts.incrementAndGet();
            return new LocalHubEndpoint("127.0.0.1:8443", LOCAL_CONNECTION_STRING);
        }

        @Override
        public LocalHubEndpoint restart() {
            return start();
        }

        @Override
        public void close() {
        }
    };

    private final HubProbe probe = hub -> {
        probes.incrementAndGet();
        if (hub.kind() == HubConnection.Kind.AZURE) {
            throw new IotHubUnauthorizedException("Unauthorized");
        }
        if (!hubAnswers.get()) {
            throw new ConnectException("Connection refused");
        }
        return 3;
    };

    @AfterEach
    void stop() {
        if (connection != null) {
            onUi(() -> {
                connection.close();
                return null;
            });
        }
        ui.shutdownNow();
        timer.shutdownNow();
    }

    private ConnectionViewModel connection(LocalHubRunner runner) {
        connection = new ConnectionViewModel(runner, new HubConnector(timer), probe,
                new SavedConnectionsStore(home.resolve("connections.json")),
                new ExecutorTaskRunner(Executors.newCachedThreadPool(), ui), timer,
                Clock.fixed(Instant.parse("2026-01-01T10:15:02Z"), ZoneOffset.UTC), Duration.ofMillis(50));
        return connection;
    }

    private <T> T onUi(Callable<T> read) {
        try {
            return ui.submit(read).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String status() {
        return onUi(() -> connection.statusTextProperty().get());
    }

    @Test
    void startsTheLocalHubByDefaultAndSaysSo() {
        connection(localHub);
        onUi(() -> {
            connection.start();
            connection.switchTo(HubChoice.LOCAL); // e.g. the hub selector echoing the choice
            return null;
        });

        await().atMost(Duration.ofSeconds(10)).until(this::status, s -> s.equals("Local hub · 127.0.0.1:8443 · connected"));
        assertThat(onUi(() -> connection.activeConnectionProperty().get().endpoint())).isEqualTo("127.0.0.1:8443");
        assertThat(localStarts).hasValue(1);
    }

    @Test
    void aLocalHubThatMovedAddressSaysSoInTheStatusBar() {
        connection(new LocalHubRunner() {
            @Override
            public LocalHubEndpoint start() {
                return new LocalHubEndpoint("127.84.79.1:8443", LOCAL_CONNECTION_STRING,
                        java.util.Optional.of("127.0.0.1:8883 is taken; the local hub uses 127.84.79.1"));
            }

            @Override
            public LocalHubEndpoint restart() {
                return start();
            }

            @Override
            public void close() {
            }
        });
        onUi(() -> {
            connection.start();
            return null;
        });

        await().atMost(Duration.ofSeconds(10)).until(this::status, s -> s.equals(
                "Local hub · 127.84.79.1:8443 · connected · 127.0.0.1:8883 is taken; the local hub uses 127.84.79.1"));
    }

    @Test
    void aLocalHubThatCannotStartIsReported() {
        connection(new LocalHubRunner() {
            @Override
            public LocalHubEndpoint start() {
                throw new IllegalStateException("port 8883 on 127.0.0.1 is taken by another program");
            }

            @Override
            public LocalHubEndpoint restart() {
                return start();
            }

            @Override
            public void close() {
            }
        });
        onUi(() -> {
            connection.start();
            return null;
        });

        await().atMost(Duration.ofSeconds(10)).until(this::status,
                s -> s.equals("Local hub could not start: port 8883 on 127.0.0.1 is taken by another program"));
        assertThat(onUi(() -> connection.stateProperty().get())).isEqualTo(ConnectionState.FAILED);
    }

    @Test
    void anUnreachableHubIsRetriedUntilItAnswersAgain() {
        connection(localHub);
        onUi(() -> {
            connection.start();
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(this::status, s -> s.endsWith("connected"));
        HubConnection active = onUi(() -> connection.activeConnectionProperty().get());

        hubAnswers.set(false);
        connection.reportFailure(active, new ConnectException("Connection refused"));
        await().atMost(Duration.ofSeconds(10)).until(this::status, s -> s.contains("unreachable"));
        int probesWhileDown = probes.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> probes.get() > probesWhileDown + 1);

        hubAnswers.set(true);
        await().atMost(Duration.ofSeconds(10)).until(this::status,
                s -> s.equals("Local hub · 127.0.0.1:8443 · reconnected at 10:15:02"));
        assertThat(onUi(() -> connection.reconnectionsProperty().get())).isEqualTo(1);
        assertThat(localStarts).hasValue(1);
    }

    @Test
    void aHubThatRefusesTheKeyIsNotSavedAndTheReasonNamesThePermission() throws Exception {
        connection(localHub);
        onUi(() -> {
            connection.start();
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(this::status, s -> s.endsWith("connected"));
        StringBuilder problem = new StringBuilder();
        AtomicBoolean saved = new AtomicBoolean();

        onUi(() -> {
            connection.addAzureHub("production", ServiceConnectionString.parse(AZURE_CONNECTION_STRING),
                    problem::append, () -> saved.set(true));
            return null;
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> onUi(problem::toString), p -> !p.isEmpty());
        assertThat(problem.toString()).contains("refused policy 'registryRead'", "Registry read");
        assertThat(saved).isFalse();
        assertThat(home.resolve("connections.json")).doesNotExist();
        assertThat(status()).isEqualTo("Local hub · 127.0.0.1:8443 · connected");
    }
}
