package dev.twinops.console.connection;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.TaskRunner;
import dev.twinops.hubclient.trust.PerHubTrust;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Which hub the console talks to and in what state. Starts the embedded local hub by default, switches to
 * opened local hubs and saved Azure hubs, restarts the embedded hub as another tier, notices when the hub stops
 * answering and retries with back-off until it is back.
 * Properties change on the UI thread only; every blocking call runs as a background task.
 */
public final class ConnectionViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionViewModel.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final LocalHubRunner localHub;
    private final HubConnector connector;
    private final HubProbe probe;
    private final LocalHubOpener opener;
    private final SavedHubs savedHubs;
    private final TaskRunner tasks;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Duration firstRetryDelay;

    private final ReadOnlyObjectWrapper<ConnectionState> state =
            new ReadOnlyObjectWrapper<>(this, "state", ConnectionState.DISCONNECTED);
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(this, "statusText", "No hub connected");
    private final ReadOnlyStringWrapper errorText = new ReadOnlyStringWrapper(this, "errorText", "");
    private final ReadOnlyObjectWrapper<HubConnection> activeConnection =
            new ReadOnlyObjectWrapper<>(this, "activeConnection");
    private final ReadOnlyObjectWrapper<HubChoice> selectedHub = new ReadOnlyObjectWrapper<>(this, "selectedHub");
    private final ReadOnlyIntegerWrapper reconnections = new ReadOnlyIntegerWrapper(this, "reconnections");
    private final ObservableList<HubChoice> hubChoices = FXCollections.observableArrayList(HubChoice.LOCAL);

    private HubConnection localConnection;
    private long attempt;
    private Duration retryDelay;

    public ConnectionViewModel(LocalHubRunner localHub, HubConnector connector, HubProbe probe,
                               SavedConnectionsStore store, TaskRunner tasks,
                               ScheduledExecutorService timer, Clock clock, Duration firstRetryDelay) {
        this(localHub, connector, probe, new LocalHubOpener(connector, probe, PerHubTrust.jvm()), store, tasks, timer,
                clock, firstRetryDelay);
    }

    public ConnectionViewModel(LocalHubRunner localHub, HubConnector connector, HubProbe probe, LocalHubOpener opener,
                               SavedConnectionsStore store, TaskRunner tasks,
                               ScheduledExecutorService timer, Clock clock, Duration firstRetryDelay) {
        this.localHub = Objects.requireNonNull(localHub);
        this.connector = Objects.requireNonNull(connector);
        this.probe = Objects.requireNonNull(probe);
        this.opener = Objects.requireNonNull(opener);
        this.savedHubs = new SavedHubs(Objects.requireNonNull(store), tasks, errorText::set);
        this.tasks = Objects.requireNonNull(tasks);
        this.timer = Objects.requireNonNull(timer);
        this.clock = Objects.requireNonNull(clock);
        this.firstRetryDelay = Objects.requireNonNull(firstRetryDelay);
    }

    // ---- state for the view ----

    public ReadOnlyObjectProperty<ConnectionState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** One line for the status bar: hub, endpoint and state. */
    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    /** The last connection problem that did not change the current hub (e.g. a failed switch); "" if none. */
    public ReadOnlyStringProperty errorTextProperty() {
        return errorText.getReadOnlyProperty();
    }

    /** The hub every other feature talks to; null until the first connection succeeds. */
    public ReadOnlyObjectProperty<HubConnection> activeConnectionProperty() {
        return activeConnection.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<HubChoice> selectedHubProperty() {
        return selectedHub.getReadOnlyProperty();
    }

    /** Counts how often the current hub came back after an outage or restart (views refresh on change). */
    public ReadOnlyIntegerProperty reconnectionsProperty() {
        return reconnections.getReadOnlyProperty();
    }

    public ObservableList<HubChoice> hubChoices() {
        return FXCollections.unmodifiableObservableList(hubChoices);
    }

    // ---- actions ----

    /** Loads saved connections and starts the embedded local hub, the default hub. */
    public void start() {
        savedHubs.load(hubChoices::addAll);
        switchTo(HubChoice.LOCAL);
    }

    /** Makes {@code choice} the active hub, starting the local hub on first use. */
    public void switchTo(HubChoice choice) {
        Objects.requireNonNull(choice, "choice");
        if (choice.equals(selectedHub.get()) && activeConnection.get() != null
                && state.get() != ConnectionState.FAILED) {
            return;
        }
        if (choice.equals(HubChoice.LOCAL) && state.get() == ConnectionState.STARTING_LOCAL_HUB) {
            selectedHub.set(choice);
            return; // already on its way
        }
        long thisAttempt = ++attempt;
        errorText.set("");
        if (choice.equals(HubChoice.LOCAL)) {
            selectedHub.set(choice);
            if (localConnection != null) {
                activate(localConnection, "connected");
                return;
            }
            setState(ConnectionState.STARTING_LOCAL_HUB, "Starting local hub…");
            startLocal(thisAttempt, localHub::start, false);
            return;
        }
        SavedConnection target = savedHubs.azure(choice.name());
        SavedLocalHub localTarget = savedHubs.local(choice.name());
        if (choice.source() == HubChoice.Source.AZURE ? target == null : localTarget == null) {
            errorText.set("No saved connection named " + choice.name());
            return;
        }
        HubChoice previous = selectedHub.get();
        selectedHub.set(choice);
        setState(ConnectionState.CONNECTING, "Connecting to " + choice.name() + "…");
        tasks.run(BackgroundTask.of(() -> localTarget != null
                        ? opener.open(localTarget.name(), localTarget.location())
                        : connectAndProbe(target.name(), target.connectionString()))
                .onSuccess(connection -> {
                    if (thisAttempt == attempt) {
                        activate(connection, "connected");
                    } else {
                        connection.close(); // the operator moved on meanwhile
                    }
                })
                .onFailure(e -> {
                    String message = localTarget != null ? e.getMessage() : HubErrors.describe(e,
                            HubAction.COUNT_DEVICES, target.connectionString().hostName(),
                            target.connectionString().policyName());
                    LOG.warn("Could not connect to {}: {}", choice.name(), message);
                    if (thisAttempt != attempt) {
                        return;
                    }
                    HubConnection current = activeConnection.get();
                    if (current != null) {
                        // Stay on the hub that works; say why the switch failed.
                        selectedHub.set(previous);
                        activate(current, "connected");
                        errorText.set("Could not switch to " + choice.name() + ": " + message);
                    } else {
                        setState(ConnectionState.FAILED, "Could not connect to " + choice.name() + ": " + message);
                    }
                }));
    }

    /** Connects and proves the hub answers (blocking); a connection that does not answer is closed. */
    private HubConnection connectAndProbe(String name, ServiceConnectionString connectionString) throws Exception {
        HubConnection connection = connector.connectAzure(name, connectionString);
        try {
            probe.countDevices(connection);
            return connection;
        } catch (Exception e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Checks a new Azure hub, and only if it answers saves it (owner-only file) and switches to it.
     * {@code onError} receives a message for the dialog; {@code onSaved} runs once the hub is active.
     */
    public void addAzureHub(String name, ServiceConnectionString connectionString,
                            Consumer<String> onError, Runnable onSaved) {
        String trimmed = name == null ? "" : name.strip();
        String nameProblem = validateName(trimmed);
        if (nameProblem != null) {
            onError.accept(nameProblem);
            return;
        }
        tasks.run(BackgroundTask.of(() -> connectAndProbe(trimmed, connectionString))
                .onSuccess(connection -> {
                    savedHubs.add(new SavedConnection(trimmed, connectionString));
                    added(HubChoice.azure(trimmed), connection);
                    onSaved.run();
                })
                .onFailure(e -> onError.accept(HubErrors.describe(e, HubAction.COUNT_DEVICES,
                        connectionString.hostName(), connectionString.policyName()))));
    }

    /**
     * Opens a local hub running outside the console by its data directory or connection.json, and only if it
     * answers saves it (its location, no key) and switches to it. {@code onError} gets a message for the dialog.
     */
    public void openLocalHub(String name, Path location, Consumer<String> onError, Runnable onOpened) {
        String trimmed = name == null ? "" : name.strip();
        String nameProblem = validateName(trimmed);
        if (nameProblem != null) {
            onError.accept(nameProblem);
            return;
        }
        tasks.run(BackgroundTask.of(() -> opener.open(trimmed, location))
                .onSuccess(connection -> {
                    Path remembered = connection.openedFrom().map(LocalHubFile::connectionFile)
                            .map(file -> location.toAbsolutePath().normalize().equals(file) ? file : file.getParent())
                            .orElse(location);
                    savedHubs.add(new SavedLocalHub(trimmed, remembered));
                    added(HubChoice.openedLocal(trimmed), connection);
                    onOpened.run();
                })
                .onFailure(e -> onError.accept(e.getMessage() == null ? e.toString() : e.getMessage())));
    }

    /** A hub just saved joins the selector and becomes the active one. */
    private void added(HubChoice choice, HubConnection connection) {
        hubChoices.add(choice);
        ++attempt;
        selectedHub.set(choice);
        activate(connection, "connected");
    }

    /** Removes a saved hub; when it is the active one, the console goes back to the local hub. */
    public void forget(HubChoice choice) {
        if (choice == null || !savedHubs.remove(choice)) {
            return;
        }
        hubChoices.remove(choice);
        if (choice.equals(selectedHub.get())) {
            switchTo(HubChoice.LOCAL);
        }
    }

    /** The problem with a name for a new saved hub, or null if it can be used. */
    public String validateName(String name) {
        return savedHubs.validateName(name);
    }

    /** Stops and starts the embedded hub (same data, same address) while it is the hub in use; the list refreshes. */
    public void restartLocalHub() {
        if (state.get() == ConnectionState.STARTING_LOCAL_HUB || !HubChoice.LOCAL.equals(selectedHub.get())) {
            return;
        }
        long thisAttempt = ++attempt;
        setState(ConnectionState.STARTING_LOCAL_HUB, "Restarting local hub…");
        startLocal(thisAttempt, localHub::restart, true);
    }

    /**
     * Restarts the embedded hub throttling as {@code tier} (same data, same address). When another hub is in use
     * the embedded one restarts in the background, or, never started yet, takes the tier at its first start.
     */
    public void applyLocalHubTier(LocalHubTier tier) {
        Objects.requireNonNull(tier, "tier");
        if (state.get() == ConnectionState.STARTING_LOCAL_HUB) {
            errorText.set("The local hub is starting; choose its tier again once it runs.");
            return;
        }
        boolean inUse = HubChoice.LOCAL.equals(selectedHub.get());
        long thisAttempt = inUse ? ++attempt : attempt;
        if (inUse) {
            setState(ConnectionState.STARTING_LOCAL_HUB, "Restarting local hub as " + tier.describe() + "…");
        }
        startLocal(thisAttempt, () -> localHub.restartWithTier(tier), true);
    }

    /**
     * Called by any feature whose hub call failed (from any thread). When the hub is unreachable, the
     * console says so and probes it with back-off until it answers again.
     */
    public void reportFailure(HubConnection connection, Throwable error) {
        if (!HubErrors.isUnreachable(error)) {
            return;
        }
        tasks.onUiThread(() -> {
            if (connection != activeConnection.get() || state.get() != ConnectionState.CONNECTED) {
                return;
            }
            LOG.warn("{} stopped answering: {}", connection, error.toString());
            retryDelay = firstRetryDelay;
            scheduleProbe(connection, HubErrors.describe(error, HubAction.LIST_DEVICES, connection.endpoint(),
                    connection.policyName()));
        });
    }

    /** Stops the local hub and every credential renewal; the console is closing. */
    public void close() {
        HubConnection active = activeConnection.get();
        if (active != null) {
            active.close();
        }
        if (localConnection != null) {
            localConnection.close();
        }
        localHub.close();
    }

    // ---- internals ----

    private void startLocal(long thisAttempt, Callable<LocalHubEndpoint> starting,
                            boolean restart) {
        tasks.run(BackgroundTask.of(() -> {
            LocalHubEndpoint endpoint = starting.call();
            HubConnection connection = connector.connectLocal(HubChoice.LOCAL.name(), endpoint.serviceEndpoint(),
                    endpoint.serviceConnectionString(), endpoint.tier(), Optional.empty());
            probe.countDevices(connection);
            return new StartedLocalHub(connection, endpoint.note());
        }).onSuccess(started -> {
            HubConnection connection = started.connection();
            if (thisAttempt != attempt || !HubChoice.LOCAL.equals(selectedHub.get())) {
                // The operator moved on meanwhile (or restarted it while using another hub): keep the newest
                // connection for when Local hub is chosen again (it knows the tier), unless it is in use.
                if (restart && localConnection != null && localConnection != activeConnection.get()) {
                    localConnection.close();
                    localConnection = connection;
                } else {
                    connection.close();
                }
                return;
            }
            HubConnection old = localConnection;
            localConnection = connection;
            activate(connection, (restart ? "restarted at " + now() : "connected")
                    + started.note().map(note -> " · " + note).orElse(""));
            if (old != null && old != connection) {
                old.close();
            }
            if (restart) {
                reconnections.set(reconnections.get() + 1);
            }
        }).onFailureInBackground(e -> LOG.error("The local hub could not start", e))
                .onFailure(e -> {
                    if (thisAttempt == attempt) {
                        String message = e.getMessage() == null ? e.toString() : e.getMessage();
                        setState(ConnectionState.FAILED, "Local hub could not start: " + message);
                    }
                }));
    }

    private record StartedLocalHub(HubConnection connection, Optional<String> note) {
    }

    private void activate(HubConnection connection, String how) {
        HubConnection old = activeConnection.get();
        if (old != connection) {
            activeConnection.set(connection);
            if (old != null && old != localConnection) {
                old.close();
            }
        }
        setState(ConnectionState.CONNECTED, describe(connection) + " · " + how);
        LOG.info("Using {}", connection);
    }

    private void scheduleProbe(HubConnection connection, String problem) {
        long seconds = Math.max(1, retryDelay.toSeconds());
        setState(ConnectionState.UNREACHABLE,
                describe(connection) + " · unreachable (" + problem + ") · retrying every " + seconds + " s");
        timer.schedule(() -> tasks.run(BackgroundTask.of(() -> probe.countDevices(connection))
                .onSuccess(count -> {
                    if (stillProbing(connection)) {
                        LOG.info("{} answers again", connection);
                        setState(ConnectionState.CONNECTED, describe(connection) + " · reconnected at " + now());
                        reconnections.set(reconnections.get() + 1);
                    }
                })
                .onFailure(e -> {
                    if (stillProbing(connection)) {
                        Duration doubled = retryDelay.multipliedBy(2);
                        retryDelay = doubled.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : doubled;
                        scheduleProbe(connection, HubErrors.describe(e, HubAction.COUNT_DEVICES,
                                connection.endpoint(), connection.policyName()));
                    }
                })), retryDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The hub is still the one in use and still unreachable (UI thread). */
    private boolean stillProbing(HubConnection connection) {
        return connection == activeConnection.get() && state.get() == ConnectionState.UNREACHABLE;
    }

    private static String describe(HubConnection connection) {
        String text = connection.displayName() + " · " + connection.endpoint();
        return connection.kind() == HubConnection.Kind.AZURE ? text + " (" + connection.policyName() + ")" : text;
    }

    private String now() {
        return LocalTime.now(clock).format(CLOCK_TIME);
    }

    private void setState(ConnectionState newState, String text) {
        state.set(newState);
        statusText.set(text);
    }
}
