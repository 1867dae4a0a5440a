package dev.twinops.console.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.console.progress.ProgressMonitor;
import dev.twinops.console.progress.ProgressUpdates;
import dev.twinops.console.progress.QueryPacer;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;

/** Targets, enabled buttons, confirmations and what is sent, with a recording hub instead of the SDK. */
class OperationsViewModelTest {

    private static final String CONNECTION_STRING = "HostName=127.0.0.1;SharedAccessKeyName=iothubowner;"
            + "SharedAccessKey=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    /** Records what would be sent to the hub. */
    static final class RecordingHub implements ManagementService {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public MethodOutcome invoke(String deviceId, OperationRequest request) {
            calls.add("invoke " + request.methodName() + " on " + deviceId + " " + request.payloadJson());
            return new MethodOutcome.HubError(deviceId, 404103, "offline", 30, 0);
        }

        @Override
        public String scheduleJob(String jobId, String condition, OperationRequest request, Duration maxExecution) {
            calls.add("job " + request.methodName() + " where " + condition);
            return "queued";
        }

        @Override
        public java.util.Optional<String> jobStatus(String jobId) {
            calls.add("status of " + jobId);
            return java.util.Optional.empty();
        }

        @Override
        public List<String> deviceIds(String condition) {
            calls.add("ids where " + condition);
            return List.of("a", "b", "c");
        }
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final RecordingHub hub = new RecordingHub();
    private final DeviceSelection selection = new DeviceSelection();
    private final ReadOnlyStringWrapper shownQuery = new ReadOnlyStringWrapper("SELECT * FROM devices WHERE tags.site = 'north'");
    private final ReadOnlyLongWrapper matching = new ReadOnlyLongWrapper(1200);
    private final ReadOnlyObjectWrapper<HubConnection> connection = new ReadOnlyObjectWrapper<>();
    private HubTier tier = HubTier.UNLIMITED;
    private final ProgressMonitor monitor = new ProgressMonitor(Executors.newSingleThreadScheduledExecutor(),
            Clock.systemUTC(), new QueryPacer(Duration.ofSeconds(1), 0.5), new ProgressUpdates(() -> { }), e -> { });
    private final OperationsViewModel operations = new OperationsViewModel(selection, shownQuery.getReadOnlyProperty(),
            matching.getReadOnlyProperty(), connection.getReadOnlyProperty(), () -> tier,
            new OperationLauncher(() -> hub, monitor, Runnable::run, Clock.systemUTC(), () -> tier,
                    OperationDeadlines.DEFAULTS));

    @AfterEach
    void stop() {
        monitor.close();
        timer.shutdownNow();
    }

    private void connect() {
        connection.set(new HubConnector(timer).connectLocal("Local hub", "127.0.0.1:8443", CONNECTION_STRING));
    }

    @Test
    void theButtonsNeedAHubAndDevicesToActOn() {
        assertThat(operations.canActProperty().get()).isFalse();
        selection.select(List.of("a"));
        assertThat(operations.canActProperty().get()).isFalse();
        connect();
        assertThat(operations.canActProperty().get()).isTrue();
        selection.select(List.of());
        assertThat(operations.canActProperty().get()).isFalse();
        operations.targetModeProperty().set(OperationsViewModel.TargetMode.QUERY);
        assertThat(operations.canActProperty().get()).isTrue();
        assertThat(operations.matchingTextProperty().get()).isEqualTo("All 1,200 matching the query");
        matching.set(0);
        assertThat(operations.canActProperty().get()).isFalse();
    }

    @Test
    void aRefreshOfTheSameQueryKeepsItsCount() {
        connect();
        operations.targetModeProperty().set(OperationsViewModel.TargetMode.QUERY);
        matching.set(-1); // the list refreshes and counts again
        assertThat(operations.canActProperty().get()).isTrue();
        assertThat(operations.targets().count()).isEqualTo(1200);
        shownQuery.set("SELECT * FROM devices WHERE tags.site = 'south'");
        assertThat(operations.canActProperty().get()).isFalse();
    }

    @Test
    void oneDeviceIsCalledDirectlyWithoutConfirmationAndTheOperationIdTravelsInThePayload() {
        connect();
        selection.select(List.of("a"));
        OperationRequest reboot = OperationRequest.reboot();

        assertThat(operations.confirmation(reboot)).isNull();
        operations.start(reboot);

        assertThat(hub.calls).containsExactly("invoke reboot on a {\"operationId\":\"" + reboot.operationId() + "\"}");
        assertThat(operations.statusProperty().get()).isEqualTo("Reboot sent to a.");
    }

    @Test
    void aFactoryResetAlwaysAsksNamingTheCount() {
        connect();
        selection.select(List.of("a"));
        Confirmation one = operations.confirmation(OperationRequest.factoryReset());
        assertThat(one.header()).isEqualTo("Factory reset 1 device?");
        assertThat(one.text()).startsWith("The device erases its settings");

        selection.select(List.of("a", "b", "c"));
        Confirmation three = operations.confirmation(OperationRequest.factoryReset());
        assertThat(three.header()).isEqualTo("Factory reset 3 devices?");
        assertThat(three.confirmLabel()).isEqualTo("Factory reset 3 devices");
        assertThat(three.text()).contains("Each of the 3 devices erases").contains("Targets: 3 selected devices.");
    }

    @Test
    void aJobOnATierSaysHowLongItTakesToReachTheDevices() {
        connect();
        tier = HubTier.parse("S1");
        operations.targetModeProperty().set(OperationsViewModel.TargetMode.QUERY);

        Confirmation c = operations.confirmation(OperationRequest.firmwareUpdate("https://fw.example/p.bin",
                "d".repeat(64), "2.1.0"));

        assertThat(c.header()).isEqualTo("Update 1,200 devices to firmware 2.1.0?");
        assertThat(c.text()).contains("Targets: all 1,200 devices matching tags.site = 'north'.")
                .contains("On an IoT Hub S1, 1 unit the job calls 10 devices per second: about 2 min to reach all "
                        + "1,200 devices")
                .contains("This tier runs one job at a time.");
    }

    @Test
    void manyDevicesGetOneJobWhoseConditionNamesThemOrTheQuery() {
        connect();
        selection.select(List.of("a", "it's"));
        operations.start(OperationRequest.reboot());
        operations.targetModeProperty().set(OperationsViewModel.TargetMode.QUERY);
        operations.start(OperationRequest.method("setMode", "{\"mode\":\"eco\"}", 30, 10));

        assertThat(hub.calls).containsExactly(
                "job reboot where deviceId IN ['a', 'it\\'s']",
                "ids where tags.site = 'north'",
                "job setMode where tags.site = 'north'");
    }

    @Test
    void withoutAHubNothingIsSentAndTheStatusSaysWhy() {
        OperationsViewModel offline = new OperationsViewModel(selection, shownQuery.getReadOnlyProperty(),
                matching.getReadOnlyProperty(), connection.getReadOnlyProperty(), () -> tier,
                new OperationLauncher(() -> null, monitor, Runnable::run, Clock.systemUTC(), () -> tier,
                        OperationDeadlines.DEFAULTS));
        selection.select(List.of("a"));
        offline.start(OperationRequest.reboot());
        assertThat(offline.statusProperty().get()).isEqualTo("Not connected to a hub.");
        assertThat(hub.calls).isEmpty();
    }
}
