package dev.twinops.console.simulator;

import java.util.Locale;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.TaskRunner;
import dev.twinops.simulator.fleet.FleetSummary;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The simulator fleet the console runs in-process (one at a time): launching it, its summary for the status bar
 * as it registers and comes online, and stopping it on request or when the console closes. The device list is
 * refreshed when the fleet's devices are registered and again when they are all online.
 */
public final class SimulatorViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorViewModel.class);

    private final FleetLauncher launcher;
    private final TaskRunner tasks;
    private final Runnable refreshDevices;

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private RunningFleet fleet;
    private long generation;
    private boolean registeredSeen;
    private boolean onlineSeen;

    /**
     * @param refreshDevices runs the device list's query again (FX thread)
     */
    public SimulatorViewModel(FleetLauncher launcher, TaskRunner tasks, Runnable refreshDevices) {
        this.launcher = Objects.requireNonNull(launcher);
        this.tasks = Objects.requireNonNull(tasks);
        this.refreshDevices = Objects.requireNonNull(refreshDevices);
    }

    /** True while a fleet runs. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** True while a fleet starts or stops. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** "Simulator: 20 devices, 18 online, 2 connecting", "" when no fleet runs. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why the last launch failed, "" if it did not. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /**
     * Starts a fleet (stopping the one that runs); {@code onStarted} runs on the FX thread once it is under way,
     * {@code onError} with a message if it could not start.
     */
    public void launch(FleetSpec spec, Runnable onStarted, java.util.function.Consumer<String> onError) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        problem.set("");
        RunningFleet previous = fleet;
        fleet = null;
        long thisGeneration = ++generation;
        status.set("Simulator: starting " + spec.count() + " devices…");
        tasks.run(BackgroundTask.of(() -> {
            if (previous != null) {
                previous.close();
            }
            return launcher.launch(spec);
        }).onSuccess(started -> {
            busy.set(false);
            fleet = started;
            running.set(true);
            registeredSeen = false;
            onlineSeen = false;
            started.onSummary(summary -> show(thisGeneration, summary), tasks::onUiThread);
            onStarted.run();
        }).onFailureInBackground(e -> LOG.warn("The simulator fleet could not start: {}", e.toString()))
                .onFailure(e -> {
                    busy.set(false);
                    running.set(false);
                    status.set("");
                    problem.set("The simulator could not start: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    onError.accept(problem.get());
                }));
    }

    /** Stops the fleet (its devices disconnect). */
    public void stop() {
        RunningFleet stopping = fleet;
        if (stopping == null || busy.get()) {
            return;
        }
        fleet = null;
        generation++;
        busy.set(true);
        status.set("Simulator: stopping…");
        tasks.run(BackgroundTask.running(stopping::close).onSuccess(stopped -> {
            busy.set(false);
            running.set(false);
            status.set("");
            refreshDevices.run();
        }));
    }

    /** Stops the fleet now, blocking (the console is closing). */
    public void close() {
        RunningFleet stopping = fleet;
        fleet = null;
        generation++;
        if (stopping != null) {
            stopping.close();
        }
    }

    private void show(long fromGeneration, FleetSummary s) {
        if (fromGeneration != generation) {
            return;
        }
        status.set(describe(s));
        if (!registeredSeen && s.pending() == 0) {
            registeredSeen = true;
            refreshDevices.run(); // the new devices appear in the list
        } else if (registeredSeen && !onlineSeen && s.allOnline()) {
            onlineSeen = true;
            refreshDevices.run(); // their connection state is now Connected
        }
    }

    static String describe(FleetSummary s) {
        StringBuilder sb = new StringBuilder("Simulator: ").append(n(s.total())).append(" devices");
        if (s.pending() > 0) {
            sb.append(", ").append(n(s.total() - s.pending())).append(" registered");
        }
        sb.append(", ").append(n(s.online())).append(" online");
        if (s.connecting() > 0) {
            sb.append(", ").append(n(s.connecting())).append(" connecting");
        }
        if (s.offline() > 0) {
            sb.append(", ").append(n(s.offline())).append(" offline");
        }
        if (s.busy() > 0) {
            sb.append(", ").append(n(s.busy())).append(" busy");
        }
        if (s.failed() > 0) {
            sb.append(", ").append(n(s.failed())).append(" failed to register");
        }
        if (s.problem() != null) {
            sb.append(" (").append(s.problem()).append(")");
        }
        return sb.toString();
    }

    private static String n(int value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
