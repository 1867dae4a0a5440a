package dev.twinops.console.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.twinops.simulator.faults.FaultProfile;
import dev.twinops.simulator.fleet.FleetSummary;
import dev.twinops.console.tasks.CurrentThreadTaskRunner;

class SimulatorViewModelTest {

    /** A fleet the test drives by sending summaries. */
    static final class ScriptedFleet implements RunningFleet {
        Consumer<FleetSummary> listener;
        Executor executor;
        boolean closed;

        @Override
        public void onSummary(Consumer<FleetSummary> l, Executor e) {
            listener = l;
            executor = e;
        }

        void send(FleetSummary s) {
            executor.execute(() -> listener.accept(s));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final ScriptedFleet fleet = new ScriptedFleet();
    private final List<FleetSpec> launched = new ArrayList<>();
    private final List<String> refreshes = new ArrayList<>();
    private final SimulatorViewModel simulator = new SimulatorViewModel(spec -> {
        launched.add(spec);
        return fleet;
    }, new CurrentThreadTaskRunner(), () -> refreshes.add("refresh"));

    @Test
    void aFleetShowsItselfComingOnlineAndTheListRefreshesWhenItIsRegisteredAndOnline() {
        FleetLaunchForm form = new FleetLaunchForm();
        form.countProperty().set("20");
        form.prefixProperty().set("fw-");
        form.profileProperty().set(FaultProfile.FLAKY);
        form.bootSecondsProperty().set("0.5");
        List<String> started = new ArrayList<>();

        simulator.launch(form.toSpec(), () -> started.add("started"), problem -> started.add(problem));

        assertThat(started).containsExactly("started");
        assertThat(launched.get(0).bootTime()).isEqualTo(Duration.ofMillis(500));
        assertThat(launched.get(0).faults().profile()).isEqualTo(FaultProfile.FLAKY);
        assertThat(simulator.runningProperty().get()).isTrue();
        fleet.send(new FleetSummary(20, 12, 3, 5, 0, 0, 0, null));
        assertThat(simulator.statusProperty().get())
                .isEqualTo("Simulator: 20 devices, 8 registered, 5 online, 3 connecting");
        assertThat(refreshes).isEmpty();
        fleet.send(new FleetSummary(20, 0, 4, 16, 0, 0, 0, null));
        assertThat(refreshes).hasSize(1);
        fleet.send(new FleetSummary(20, 0, 0, 20, 0, 2, 0, null));
        assertThat(simulator.statusProperty().get()).isEqualTo("Simulator: 20 devices, 20 online, 2 busy");
        assertThat(refreshes).hasSize(2);

        simulator.stop();
        assertThat(fleet.closed).isTrue();
        assertThat(simulator.runningProperty().get()).isFalse();
        assertThat(simulator.statusProperty().get()).isEmpty();
    }

    @Test
    void aFleetThatCannotStartSaysWhy() {
        SimulatorViewModel failing = new SimulatorViewModel(spec -> {
            throw new IllegalStateException("Connect to a hub first.");
        }, new CurrentThreadTaskRunner(), () -> { });
        List<String> problems = new ArrayList<>();
        failing.launch(new FleetLaunchForm().toSpec(), () -> { }, problems::add);
        assertThat(problems).containsExactly("The simulator could not start: Connect to a hub first.");
        assertThat(failing.runningProperty().get()).isFalse();
    }

    @Test
    void theLaunchFormChecksEachField() {
        FleetLaunchForm form = new FleetLaunchForm();
        form.countProperty().set("0");
        form.prefixProperty().set("-bad");
        form.seedProperty().set("x");
        form.bootSecondsProperty().set("-1");
        form.downloadKilobytesPerSecondProperty().set("fast");
        assertThat(form.toSpec()).isNull();
        assertThat(form.countMessageProperty().get()).isEqualTo("The device count must be 1-10,000.");
        assertThat(form.prefixMessageProperty().get()).startsWith("The prefix is 1-64 letters");
        assertThat(form.seedMessageProperty().get()).startsWith("The seed is a whole number");
        assertThat(form.bootMessageProperty().get()).isEqualTo("The boot time is 0-600 seconds.");
        assertThat(form.downloadMessageProperty().get()).startsWith("The download speed is a whole number");
    }

    @Test
    void aFleetTooBigForThisComputerRunsInASeparateProcessUnlessTheOperatorSaysOtherwise() {
        FleetLaunchForm form = new FleetLaunchForm(2);
        form.countProperty().set("200");
        assertThat(form.separateProcessProperty().get()).isFalse();
        assertThat(form.countNoteProperty().get()).isEmpty();

        form.countProperty().set("1000");
        assertThat(form.separateProcessProperty().get()).isTrue();
        assertThat(form.countNoteProperty().get()).isEmpty();
        assertThat(form.toSpec().separateProcess()).isTrue();
        form.countProperty().set("50");
        assertThat(form.separateProcessProperty().get()).as("ticked for the count, unticked with it").isFalse();

        // the operator's own choice stays: in-process on purpose is allowed, with the reason next to the field
        form.countProperty().set("1000");
        form.separateProcessProperty().set(false);
        assertThat(form.countNoteProperty().get())
                .contains("Above about 200 devices on this computer's 2 cores")
                .contains("run it in a separate process");
        assertThat(form.toSpec().count()).isEqualTo(1000);
        assertThat(form.toSpec().separateProcess()).isFalse();
        assertThat(form.countMessageProperty().get()).isEmpty();
        form.countProperty().set("20");
        form.separateProcessProperty().set(true);
        form.countProperty().set("30");
        assertThat(form.separateProcessProperty().get()).isTrue();
    }
}
