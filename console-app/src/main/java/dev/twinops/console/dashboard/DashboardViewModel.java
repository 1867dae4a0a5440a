package dev.twinops.console.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubErrors;
import dev.twinops.console.devices.QueryBarInput;
import dev.twinops.console.operations.HubTier;
import dev.twinops.console.progress.QueryPacer;
import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.TaskRunner;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The fleet dashboard's state: four charts, each from one grouped count query, refreshed while the dashboard is
 * shown and paced by a {@link QueryPacer} so a round of queries stays within a share of the tier's query budget
 * (the device list and progress need the rest). Queries run as background tasks; results from an older hub or
 * round are dropped. Clicking a slice hands its condition to the query bar.
 */
public final class DashboardViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardViewModel.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    public static final String DEFAULT_TAG = "site";

    private final Function<HubConnection, FleetCountService> services;
    private final TaskRunner tasks;
    private final RefreshTimer timer;
    private final Supplier<HubTier> tier;
    private final QueryPacer pacer;
    private final QueryBarInput queryBar;
    private final BiConsumer<HubConnection, Throwable> failureReporter;
    private final Clock clock;

    private final ObservableList<ChartSlice> firmware = FXCollections.observableArrayList();
    private final ObservableList<ChartSlice> connections = FXCollections.observableArrayList();
    private final ObservableList<ChartSlice> tagValues = FXCollections.observableArrayList();
    private final ObservableList<ChartSlice> operations = FXCollections.observableArrayList();
    private final StringProperty tagName = new SimpleStringProperty(this, "tagName", DEFAULT_TAG);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper updated = new ReadOnlyStringWrapper(this, "updated", "");
    private final ReadOnlyBooleanWrapper tagPending = new ReadOnlyBooleanWrapper(this, "tagPending", false);

    // FX thread state
    private HubConnection connection;
    private FleetCountService service;
    private FleetBreakdown tagBreakdown = FleetBreakdown.tag(DEFAULT_TAG);
    private boolean active;
    private boolean roundPending;
    /** Bumped by every new hub and every round (on the FX thread; read by tasks): older results are dropped. */
    private volatile long round;

    /**
     * @param services        the count service for a hub ({@link SdkFleetCountService} in the application)
     * @param pacer           the dashboard's own pacer: its minimum interval and share of the query budget
     * @param failureReporter told about failed hub calls (the connection notices outages)
     */
    public DashboardViewModel(Function<HubConnection, FleetCountService> services, TaskRunner tasks,
                              RefreshTimer timer, Supplier<HubTier> tier, QueryPacer pacer, QueryBarInput queryBar,
                              BiConsumer<HubConnection, Throwable> failureReporter, Clock clock) {
        this.services = Objects.requireNonNull(services);
        this.tasks = Objects.requireNonNull(tasks);
        this.timer = Objects.requireNonNull(timer);
        this.tier = Objects.requireNonNull(tier);
        this.pacer = Objects.requireNonNull(pacer);
        this.queryBar = Objects.requireNonNull(queryBar);
        this.failureReporter = Objects.requireNonNull(failureReporter);
        this.clock = Objects.requireNonNull(clock);
        tagName.addListener((obs, old, name) -> useTag(name));
    }

    // ---- state for the view ----

    /** Devices per reported firmware version. */
    public ObservableList<ChartSlice> firmwareSlices() {
        return firmware;
    }

    /** Devices per connection state. */
    public ObservableList<ChartSlice> connectionSlices() {
        return connections;
    }

    /** Devices per value of the chosen tag. */
    public ObservableList<ChartSlice> tagSlices() {
        return tagValues;
    }

    /** Devices per operation (category) and reported status (series). */
    public ObservableList<ChartSlice> operationSlices() {
        return operations;
    }

    /** The tag the tag chart groups by ("site", "ring", ...). */
    public StringProperty tagNameProperty() {
        return tagName;
    }

    /** Why the charts are not current; "" when they are. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** "Updated 14:02:11" after a round. */
    public ReadOnlyStringProperty updatedProperty() {
        return updated.getReadOnlyProperty();
    }

    /** True while the tag chart waits for its first answer after the tag changed (its slices are empty then). */
    public ReadOnlyBooleanProperty tagPendingProperty() {
        return tagPending.getReadOnlyProperty();
    }

    // ---- actions (FX thread) ----

    /** Points the dashboard at another hub (null: none); refreshes now when shown. */
    public void useConnection(HubConnection hub) {
        connection = hub;
        service = hub == null ? null : services.apply(hub);
        round++;
        roundPending = false;
        firmware.clear();
        connections.clear();
        tagValues.clear();
        operations.clear();
        updated.set("");
        error.set("");
        if (active) {
            refresh();
        }
    }

    /** The dashboard became visible (refreshes now and keeps refreshing) or hidden (stops querying). */
    public void setActive(boolean shown) {
        boolean was = active;
        active = shown;
        if (shown && !was && !roundPending) {
            refresh();
        }
    }

    /** Queries every chart now (unless a round is already running). */
    public void refresh() {
        if (service == null || roundPending) {
            return;
        }
        List<FleetBreakdown> breakdowns = List.of(FleetBreakdown.firmwareVersions(), FleetBreakdown.connectionStates(),
                tagBreakdown, FleetBreakdown.operationStatuses());
        long thisRound = ++round;
        roundPending = true;
        FleetCountService from = service;
        HubConnection hub = connection;
        tasks.run(BackgroundTask.of(() -> {
            List<List<ChartSlice>> results = new ArrayList<>();
            for (FleetBreakdown breakdown : breakdowns) {
                results.add(breakdown.slices(from.groupCounts(breakdown.query())));
            }
            return results;
        }).onlyWhile(() -> round == thisRound)
                .onSuccess(results -> {
                    firmware.setAll(results.get(0));
                    connections.setAll(results.get(1));
                    tagValues.setAll(results.get(2));
                    tagPending.set(false);
                    operations.setAll(results.get(3));
                    error.set("");
                    updated.set("Updated " + LocalTime.now(clock).format(TIME));
                    pacer.succeeded();
                    scheduleNext(thisRound, breakdowns.size());
                })
                .onFailure(e -> {
                    if (HubErrors.isThrottled(e)) {
                        pacer.throttled(breakdowns.size(), tier.get());
                    }
                    error.set("Could not read the fleet: " + HubErrors.hubMessage(e));
                    scheduleNext(thisRound, breakdowns.size());
                })
                .onFailureInBackground(e -> {
                    LOG.debug("Dashboard queries failed: {}", e.toString());
                    failureReporter.accept(hub, e);
                }));
    }

    /** Puts the slice's condition into the query bar and runs it. */
    public void choose(ChartSlice slice) {
        if (slice != null) {
            queryBar.runCondition(slice.condition());
        }
    }

    // ---- internals ----

    private void useTag(String name) {
        FleetBreakdown breakdown;
        try {
            breakdown = FleetBreakdown.tag(name);
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        if (breakdown.equals(tagBreakdown)) {
            return;
        }
        tagBreakdown = breakdown;
        tagPending.set(service != null); // before the clear, so the chart never reads as answered-and-empty
        tagValues.clear();
        error.set("");
        if (service == null) {
            return;
        }
        // One query for the one chart that changed; the paced rounds go on as before.
        FleetCountService from = service;
        HubConnection hub = connection;
        tasks.run(BackgroundTask.of(() -> breakdown.slices(from.groupCounts(breakdown.query())))
                .onlyWhile(() -> breakdown.equals(tagBreakdown))
                .onSuccess(slices -> {
                    tagValues.setAll(slices);
                    tagPending.set(false);
                })
                .onFailure(e -> {
                    tagPending.set(false);
                    error.set("Could not read the fleet: " + HubErrors.hubMessage(e));
                })
                .onFailureInBackground(e -> failureReporter.accept(hub, e)));
    }

    private void scheduleNext(long thisRound, int queries) {
        roundPending = false;
        if (!active) {
            return;
        }
        Duration delay = pacer.nextDelay(queries, tier.get());
        // The timer's thread only hands the round to the FX thread; a newer round or hub makes it a no-op.
        timer.after(delay, () -> tasks.onUiThread(() -> {
            if (round == thisRound && active) {
                refresh();
            }
        }));
    }
}
