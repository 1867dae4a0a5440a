package dev.twinops.console.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.console.progress.ProgressMonitor;
import dev.twinops.console.progress.ProgressUpdates;
import dev.twinops.console.progress.QueryPacer;
import dev.twinops.console.tasks.CurrentThreadTaskRunner;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The way from a button to a sent operation (form, confirmation, start), with dialogs answered in code. */
class OperationFlowTest {

    private static final String CONNECTION_STRING = "HostName=127.0.0.1;SharedAccessKeyName=iothubowner;"
            + "SharedAccessKey=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    /** Records what the operator would have seen; answers confirmations as the test says. */
    static final class ScriptedDialogs implements DialogService {
        final List<String> seen = new ArrayList<>();
        boolean confirmAnswer = true;
        OperationForm form;
        BooleanSupplier submit;
        java.util.function.Supplier<dev.twinops.console.code.CodeSnippet> formCode;
        dev.twinops.console.code.CodeSnippet shownCode;

        @Override
        public void showForm(OperationForm shown, String targets, BooleanSupplier action,
                             java.util.function.Supplier<dev.twinops.console.code.CodeSnippet> code) {
            seen.add("form for " + targets);
            form = shown;
            submit = action;
            formCode = code;
        }

        @Override
        public void showCode(String title, dev.twinops.console.code.CodeSnippet code) {
            seen.add("code: " + title);
            shownCode = code;
        }

        @Override
        public boolean confirm(Confirmation confirmation) {
            seen.add("asked: " + confirmation.header());
            return confirmAnswer;
        }

        @Override
        public void showError(String title, String message) {
            seen.add("error: " + title + ": " + message);
        }
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final OperationsViewModelTest.RecordingHub hub = new OperationsViewModelTest.RecordingHub();
    private final DeviceSelection selection = new DeviceSelection();
    private final ReadOnlyStringWrapper shownQuery = new ReadOnlyStringWrapper("SELECT * FROM devices");
    private final ReadOnlyLongWrapper matching = new ReadOnlyLongWrapper(2);
    private final ReadOnlyObjectWrapper<HubConnection> connection = new ReadOnlyObjectWrapper<>();
    private final ProgressMonitor monitor = new ProgressMonitor(Executors.newSingleThreadScheduledExecutor(),
            Clock.systemUTC(), new QueryPacer(Duration.ofSeconds(1), 0.5), new ProgressUpdates(() -> { }), e -> { });
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private ManagementService service = hub;
    private final OperationsViewModel operations = new OperationsViewModel(selection, shownQuery.getReadOnlyProperty(),
            matching.getReadOnlyProperty(), connection.getReadOnlyProperty(), () -> HubTier.UNLIMITED,
            new OperationLauncher(() -> service, monitor, Runnable::run, Clock.systemUTC(), () -> HubTier.UNLIMITED,
                    OperationDeadlines.DEFAULTS));
    private final OperationFlow flow = new OperationFlow(operations, dialogs, file -> "0".repeat(64),
            new CurrentThreadTaskRunner(), () -> true, null);

    @BeforeEach
    void connect() {
        connection.set(new HubConnector(timer).connectLocal("Local hub", "127.0.0.1:8443", CONNECTION_STRING));
    }

    @AfterEach
    void stop() {
        connection.get().close();
        monitor.close();
        timer.shutdownNow();
    }

    @Test
    void aFormWithAMistakeStaysOpenSaysWhatIsWrongAndSendsNothing() {
        selection.select(List.of("a", "b"));
        flow.invokeMethod(null);
        MethodInvocationForm form = (MethodInvocationForm) dialogs.form;
        form.payloadProperty().set("{\"mode\": }");

        assertThat(dialogs.submit.getAsBoolean()).isFalse();

        assertThat(form.methodMessageProperty().get()).isEqualTo("Give the method's name, e.g. setTelemetryInterval.");
        assertThat(form.payloadMessageProperty().get()).startsWith("Line 1, column ");
        assertThat(dialogs.seen).containsExactly("form for 2 selected devices");
        assertThat(hub.calls).isEmpty();
    }

    @Test
    void cancellingTheConfirmationStartsNothingAndKeepsTheFormOpen() {
        selection.select(List.of("a", "b"));
        dialogs.confirmAnswer = false;

        flow.reboot(null);
        flow.invokeMethod(null);
        ((MethodInvocationForm) dialogs.form).methodNameProperty().set("setMode");
        boolean closes = dialogs.submit.getAsBoolean();

        assertThat(closes).isFalse();
        assertThat(dialogs.seen).containsExactly("asked: Reboot 2 devices?", "form for 2 selected devices",
                "asked: Call setMode on 2 devices?");
        assertThat(hub.calls).isEmpty();
        assertThat(operations.statusProperty().get()).isEmpty();
    }

    @Test
    void confirmingStartsTheOperationOnTheChosenTargets() {
        selection.select(List.of("a", "b"));

        flow.reboot(null);
        flow.invokeMethod(OperationsViewModel.TargetMode.QUERY);
        ((MethodInvocationForm) dialogs.form).methodNameProperty().set("setMode");
        boolean closes = dialogs.submit.getAsBoolean();

        assertThat(closes).isTrue();
        assertThat(dialogs.seen).containsExactly("asked: Reboot 2 devices?", "form for all 2 devices",
                "asked: Call setMode on 2 devices?");
        assertThat(hub.calls).containsExactly("job reboot where deviceId IN ['a', 'b']", "ids where ",
                "job setMode where IS_DEFINED(deviceId)");
    }

    @Test
    void oneDeviceIsRebootedWithoutAQuestionButAFactoryResetAlwaysAsks() {
        selection.select(List.of("a"));

        flow.reboot(null);
        dialogs.confirmAnswer = false;
        flow.factoryReset(null);

        assertThat(dialogs.seen).containsExactly("asked: Factory reset 1 device?");
        assertThat(hub.calls).hasSize(1);
        assertThat(hub.calls.get(0)).startsWith("invoke reboot on a ");
    }

    @Test
    void aRebootOfOneDeviceShowsItsCodeWithoutSendingAnything() {
        selection.select(List.of("sensor-1"));

        flow.showCode(OperationRequest.reboot(), OperationsViewModel.TargetMode.SELECTION);

        assertThat(dialogs.seen).containsExactly("code: Reboot as code");
        assertThat(dialogs.shownCode.azCli()).startsWith("az iot hub invoke-device-method \\\n    --hub-name '127.0.0.1'")
                .contains("--device-id 'sensor-1'").contains("--method-name 'reboot'");
        assertThat(dialogs.shownCode.java()).contains("methods.invoke(\"sensor-1\", \"reboot\", options);");
        assertThat(hub.calls).isEmpty();
    }

    @Test
    void aFormShowsItsFilledInOperationAsCodeOrNothingWhileAFieldIsWrong() {
        selection.select(List.of("sensor-1"));
        flow.invokeMethod(OperationsViewModel.TargetMode.SELECTION);
        MethodInvocationForm form = (MethodInvocationForm) dialogs.form;

        form.methodNameProperty().set("");
        assertThat(dialogs.formCode.get()).isNull();

        form.methodNameProperty().set("setMode");
        form.payloadProperty().set("{\"mode\": \"eco\"}");
        dev.twinops.console.code.CodeSnippet code = dialogs.formCode.get();
        assertThat(code.azCli()).contains("--method-name 'setMode'").contains("--device-id 'sensor-1'")
                .contains("--method-payload '{\"mode\":\"eco\"");
        assertThat(code.java()).doesNotContain("SharedAccessKey").contains("System.getenv(\"IOTHUB_CONNECTION_STRING\")");
        assertThat(hub.calls).isEmpty();
    }

    @Test
    void anOperationThatCannotBeSentSaysWhy() {
        selection.select(List.of("a"));
        service = null; // the hub went away after the button was enabled

        flow.reboot(null);

        assertThat(dialogs.seen).containsExactly("error: Reboot not sent: Not connected to a hub.");
    }
}
