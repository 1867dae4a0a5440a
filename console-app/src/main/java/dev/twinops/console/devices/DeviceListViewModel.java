package dev.twinops.console.devices;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.console.connection.HubAction;
import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubErrors;
import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.TaskRunner;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

/**
 * The device table's state. A query run streams rows from a {@link DeviceSource} in a background task
 * into {@link DeviceListUpdates}; the FX thread takes them at most ~10 times a second (one pending drain)
 * and updates rows in place, so selection and scroll position survive a refresh. Every run has a sequence
 * number: results of an older run are dropped. Rows are then narrowed by the quick filter and sorted by
 * the table's comparator ({@link #visibleRows()}). The list alone writes its rows: each device's operation and
 * fresher fields come from progress as {@link #rowEvents() events} and are shown in the same drains.
 */
public final class DeviceListViewModel implements QueryBarInput {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceListViewModel.class);
    /**
     * The most rows the list holds: what bounds its heap (about 1 KB a row with its table, filter and sort state).
     * A query matching more stops paging there and the status says so; a narrower query lists the rest.
     */
    public static final int MAX_ROWS = 100_000;
    /**
     * The most rows one drain adds: rows that piled up meanwhile (while the FX thread waited for a core) would
     * otherwise be sorted and merged in one go, 90 - 150 ms of FX CPU for a few thousand rows in hub order. Three hub
     * pages: a drain every 100 ms takes 30,000 rows a second. (The table makes and fills its first screenful of rows
     * in steps of its own: GradualTableSkin.)
     */
    static final int MAX_ROWS_PER_DRAIN = 3_000;

    private final Function<HubConnection, DeviceSource> sources;
    private final QueryHistory queries;
    private final TaskRunner tasks;
    private final BiConsumer<HubConnection, Throwable> failureReporter;
    private final DeviceListUpdates updates;
    private final DeviceRowNews news;
    private final Runnable requestDrain;
    /** A drain on the FX thread's next turn, past the throttle: a run's first rows and the rows left at its end. */
    private final Runnable drainOnNextTurn;
    private final int rowCap;

    // Rows change in place; changes are reported to the list in one event per batch (DeviceRowList.updated),
    // which re-runs the filter and the sort once instead of once per changed property. The shown rows are filtered
    // and sorted in one list that merges a page of new rows in one pass (JavaFX's SortedList inserts them one by one).
    private final DeviceRowList rows = new DeviceRowList();
    private final Map<String, DeviceRow> rowsById = new HashMap<>();
    private final SortedFilteredList<DeviceRow> shownRows = new SortedFilteredList<>(rows);

    private final StringProperty quickFilter = new SimpleStringProperty(this, "quickFilter", "");
    private final StringProperty queryText = new SimpleStringProperty(this, "queryText", "");
    private final ReadOnlyStringWrapper queryError = new ReadOnlyStringWrapper(this, "queryError", "");
    private final ReadOnlyStringWrapper shownQuery = new ReadOnlyStringWrapper(this, "shownQuery", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyLongWrapper totalCount = new ReadOnlyLongWrapper(this, "totalCount", -1);
    private final ObjectProperty<DeviceRow> selectedDevice = new SimpleObjectProperty<>(this, "selectedDevice");
    private final StringBinding countText;

    private final AtomicLong sequence = new AtomicLong();
    private HubConnection connection;
    private DeviceSource source;
    private DeviceQuery currentQuery;
    private Set<String> seenThisRun = new HashSet<>();
    private boolean replacingRows;

    /**
     * @param sources         makes the row source for a hub (a {@link TwinQueryPager} in the application)
     * @param throttle        turns the updates' drain requests into throttled UI runs; receives the drain
     * @param failureReporter told about failed hub calls (the connection notices outages)
     */
    public DeviceListViewModel(Function<HubConnection, DeviceSource> sources, QueryLibrary library,
                               TaskRunner tasks, Function<Runnable, Runnable> throttle,
                               BiConsumer<HubConnection, Throwable> failureReporter) {
        this(sources, library, tasks, throttle, failureReporter, MAX_ROWS);
    }

    /** @param rowCap the most rows listed ({@link #MAX_ROWS} in the application) */
    DeviceListViewModel(Function<HubConnection, DeviceSource> sources, QueryLibrary library,
                        TaskRunner tasks, Function<Runnable, Runnable> throttle,
                        BiConsumer<HubConnection, Throwable> failureReporter, int rowCap) {
        if (rowCap < 1) {
            throw new IllegalArgumentException("rowCap must be positive: " + rowCap);
        }
        this.rowCap = rowCap;
        this.sources = Objects.requireNonNull(sources);
        this.queries = new QueryHistory(library, tasks);
        this.tasks = Objects.requireNonNull(tasks);
        this.failureReporter = Objects.requireNonNull(failureReporter);
        this.requestDrain = throttle.apply(this::applyUpdates);
        this.drainOnNextTurn = () -> tasks.onUiThread(this::applyUpdates);
        this.updates = new DeviceListUpdates(requestDrain, drainOnNextTurn);
        this.news = new DeviceRowNews(shownRows, requestDrain);
        quickFilter.addListener((obs, old, text) -> {
            String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            shownRows.setPredicate(needle.isEmpty() ? null : row -> row.matches(needle));
        });
        countText = Bindings.createStringBinding(this::describeCount, rows, shownRows, totalCount, loading);
    }

    // ---- state for the view ----

    /**
     * Rows as the table shows them; the view binds {@code visibleRows().comparatorProperty()} to the table's (and
     * leaves the sorting to the list: see {@link DeviceTableController}).
     */
    public SortedFilteredList<DeviceRow> visibleRows() {
        return shownRows;
    }

    public StringProperty quickFilterProperty() {
        return quickFilter;
    }

    /** The query bar's text: a condition, WHERE condition, or SELECT * FROM devices [WHERE ...]. */
    public StringProperty queryTextProperty() {
        return queryText;
    }

    /** Why the last query produced no list (the hub's own message for a bad query); "" when fine. */
    public ReadOnlyStringProperty queryErrorProperty() {
        return queryError.getReadOnlyProperty();
    }

    /** The twin query behind the rows shown. */
    public ReadOnlyStringProperty shownQueryProperty() {
        return shownQuery.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** The hub's count for the query, -1 until known. */
    public ReadOnlyLongProperty totalCountProperty() {
        return totalCount.getReadOnlyProperty();
    }

    /**
     * "10,000 devices", "Loading… 3,000 of 10,000 devices", "12 of 10,000 devices shown", or past the row cap
     * "First 100,000 of 250,000 devices (the list stops at 100,000; refine the query to list the rest)".
     */
    public StringBinding countTextProperty() {
        return countText;
    }

    /** The row the operator selected (set by the view). */
    public ObjectProperty<DeviceRow> selectedDeviceProperty() {
        return selectedDevice;
    }

    /** Distinct queries that ran, newest first. */
    public ObservableList<String> history() {
        return queries.ran();
    }

    public ObservableList<SavedQuery> savedQueries() {
        return queries.saved();
    }

    // ---- actions ----

    /** Reads the history and named queries (off the FX thread). */
    public void loadLibrary() {
        queries.load();
    }

    /** Points the list at another hub (null: none) and runs the current query there. */
    public void useConnection(HubConnection newConnection) {
        connection = newConnection;
        source = newConnection == null ? null : sources.apply(newConnection);
        currentQuery = null;
        sequence.incrementAndGet();
        clearRows();
        totalCount.set(-1);
        loading.set(false);
        if (source != null) {
            runQuery();
        }
    }

    /** Runs the query bar's text. The same query again is a refresh; a different one starts a new list. */
    public void runQuery() {
        DeviceQuery query;
        try {
            query = DeviceQuery.parse(queryText.get());
        } catch (InvalidDeviceQueryException e) {
            queryError.set(e.getMessage());
            return;
        }
        start(query, query.equals(currentQuery));
    }

    /** Runs the query bar's text unless it is the query already shown (or it does not parse). */
    public void runQueryIfChanged() {
        try {
            if (DeviceQuery.parse(queryText.get()).equals(currentQuery)) {
                return;
            }
        } catch (InvalidDeviceQueryException e) {
            // runQuery reports it
        }
        runQuery();
    }

    /** Runs the shown query again, keeping rows (and so selection and scroll position) that still match. */
    public void refresh() {
        if (currentQuery == null) {
            runQuery();
        } else {
            start(currentQuery, true);
        }
    }

    @Override
    public void runCondition(String condition) {
        queryText.set(condition);
        runQuery();
    }

    /** Puts a named query in the query bar and runs it. */
    public void useSavedQuery(SavedQuery saved) {
        if (saved != null) {
            queryText.set(saved.query());
            runQuery();
        }
    }

    /**
     * Names the query bar's text. Returns the problem, or null when saved; an existing name is replaced.
     */
    public String saveQuery(String name) {
        return queries.save(name, queryText.get());
    }

    public void deleteSavedQuery(SavedQuery saved) {
        queries.delete(saved);
    }

    /** Where progress tells the list each device's operation and fresher fields; the list shows them on its rows. */
    public DeviceRowEvents rowEvents() {
        return news;
    }

    /** A newer view of one device (e.g. after a twin edit) updates its row at once. */
    public void showSnapshot(DeviceSnapshot snapshot) {
        DeviceRow row = rowsById.get(snapshot.deviceId());
        if (row != null) {
            row.apply(snapshot);
            rows.updated(List.of(row));
        }
    }

    /** The source and query of the list shown, for an export of its whole result (null before any). */
    DeviceSource exportSource() {
        return source;
    }

    DeviceQuery exportQuery() {
        return currentQuery;
    }

    // ---- internals ----

    private void start(DeviceQuery query, boolean keepRows) {
        queryError.set("");
        if (source == null) {
            queryError.set("Not connected to a hub yet.");
            return;
        }
        long run = sequence.incrementAndGet();
        updates.begin(run);
        if (!keepRows) {
            clearRows();
        }
        replacingRows = keepRows;
        seenThisRun = new HashSet<>();
        currentQuery = query;
        shownQuery.set(query.selectText());
        totalCount.set(-1);
        loading.set(true);
        DeviceSource from = source;
        HubConnection hub = connection;
        // Rows and the count reach the FX thread through the hand-over buffer, stamped with the run.
        int cap = rowCap;
        // The count is asked once the first rows are in (or the query ended without any): asked beside the first
        // page, it shared the hub and the cores with the rows the operator waits for (docs/performance.md).
        Runnable askCount = () -> tasks.run(BackgroundTask.running(() -> updates.total(run, from.count(query)))
                .onlyWhile(() -> sequence.get() == run)
                // The list itself reports the problem; without a count the status bar shows rows only.
                .onFailureInBackground(e -> LOG.debug("Count for {} failed: {}", query.countText(), e.toString())));
        tasks.run(BackgroundTask.running(() -> {
            // Paging stops at the cap: the rows beyond it are neither fetched nor held.
            int[] streamed = {0};
            try {
                from.stream(query, row -> {
                    if (streamed[0]++ < cap) {
                        updates.row(run, row);
                    }
                    if (streamed[0] == 1) {
                        askCount.run();
                    }
                }, () -> sequence.get() == run && streamed[0] < cap);
            } finally {
                if (streamed[0] == 0) {
                    askCount.run();
                }
            }
            updates.finished(run);
        }).onSuccess(done -> {
            // The last rows and the end of the run go in at once, not at the throttle's next slot (up to 100 ms
            // later: a tenth to a quarter of a 10,000-row load); what a drain cannot take goes on as before.
            if (sequence.get() == run) {
                applyUpdates();
            }
        }).onFailureInBackground(e -> {
            if (sequence.get() == run) {
                LOG.warn("Query {} failed: {}", query.selectText(), e.toString());
                failureReporter.accept(hub, e);
            }
            updates.failed(run, e);
        }));
    }

    /**
     * Drains the hand-over buffers on the FX thread: the query's rows, then what progress learned. Rows a drain could
     * not take wait for the throttle's next slot while the query runs (drains every frame made the table lay out its
     * rows every frame, over 50 ms of FX CPU in a cold JVM's gaps); once the query has ended they go in on the FX
     * thread's next turns, a drain's worth at a time with frames in between, rather than up to 100 ms apart.
     */
    private void applyUpdates() {
        applyQueryRows(updates.drain(MAX_ROWS_PER_DRAIN));
        news.apply(rows::updated);
        if (updates.endedWithRowsLeft()) {
            drainOnNextTurn.run();
        } else if (updates.hasRows()) {
            requestDrain.run();
        }
    }

    private void applyQueryRows(DeviceListUpdates.Batch batch) {
        if (batch.run() != sequence.get() || batch.isEmpty()) {
            return;
        }
        if (!batch.rows().isEmpty()) {
            List<DeviceRow> added = new ArrayList<>();
            List<DeviceRow> changed = new ArrayList<>();
            for (DeviceSnapshot snapshot : batch.rows()) {
                seenThisRun.add(snapshot.deviceId());
                DeviceRow row = rowsById.get(snapshot.deviceId());
                if (row == null) {
                    row = DeviceRow.of(snapshot);
                    rowsById.put(snapshot.deviceId(), row);
                    added.add(row);
                } else {
                    row.apply(snapshot);
                    changed.add(row);
                }
            }
            rows.updated(changed);
            if (!added.isEmpty()) {
                rows.addAll(added);
            }
        }
        if (batch.total() != null) {
            totalCount.set(batch.total());
        }
        if (batch.error() != null) {
            loading.set(false);
            queryError.set(describeFailure(batch.error()));
            return;
        }
        if (batch.finished()) {
            if (replacingRows) {
                List<DeviceRow> gone = rows.stream().filter(r -> !seenThisRun.contains(r.deviceId())).toList();
                if (!gone.isEmpty()) {
                    rows.removeAll(gone);
                    gone.forEach(r -> rowsById.remove(r.deviceId()));
                }
            }
            loading.set(false);
            queries.remember(currentQuery);
        }
    }

    private String describeFailure(Throwable error) {
        if (error instanceof QueryRejectedException) {
            return "The hub rejected the query: " + error.getMessage();
        }
        String endpoint = connection == null ? "the hub" : connection.endpoint();
        String policy = connection == null ? "" : connection.policyName();
        String message = HubErrors.describe(error, HubAction.LIST_DEVICES, endpoint, policy);
        return HubErrors.isUnreachable(error) ? message + " The list refreshes when the hub answers again." : message;
    }

    private void clearRows() {
        rows.clear();
        rowsById.clear();
        seenThisRun = new HashSet<>();
    }

    private String describeCount() {
        return DeviceCountText.describe(rows.size(), shownRows.size(), totalCount.get(), loading.get(),
                !queryError.get().isEmpty(), rowCap);
    }
}
