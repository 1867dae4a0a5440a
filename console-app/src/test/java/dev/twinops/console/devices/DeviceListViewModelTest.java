package dev.twinops.console.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.console.tasks.ExecutorTaskRunner;

class DeviceListViewModelTest {

    private static final String CONNECTION_STRING =
            "HostName=127.0.0.1;SharedAccessKeyName=iothubowner;SharedAccessKey=c2VjcmV0LWtleS10aGF0LWlzLTMyLWJ5dGVzLWxvbmc=";

    /** Devices by id; the condition "site = X" selects tags containing site=X; "bad" fails like the hub. */
    private static final class FleetInMemory implements DeviceSource {
        final Map<String, DeviceSnapshot> devices = new LinkedHashMap<>();
        int pagesServed;
        boolean ignoresCancellation;
        /** Runs once after this many rows have been streamed (a drain landing while the query still pages). */
        int midwayAfter = -1;
        Runnable midway = () -> { };

        void add(String id, String site, String firmware) {
            devices.put(id, new DeviceSnapshot(id, "Connected", "enabled", firmware, Instant.EPOCH, "site=" + site));
        }

        private List<DeviceSnapshot> matching(DeviceQuery query) throws Exception {
            if (query.condition().contains("bad")) {
                throw new QueryRejectedException("Syntax error at position 12: unexpected token '='");
            }
            String site = query.isAllDevices() ? "" : query.condition().replace("site = ", "");
            return devices.values().stream().filter(d -> d.tagSummary().contains(site)).toList();
        }

        @Override
        public long count(DeviceQuery query) throws Exception {
            return matching(query).size();
        }

        @Override
        public void stream(DeviceQuery query, Consumer<DeviceSnapshot> sink, BooleanSupplier stillWanted) throws Exception {
            List<DeviceSnapshot> rows = matching(query);
            for (int i = 0; i < rows.size() && (ignoresCancellation || stillWanted.getAsBoolean()); i++) {
                if (i % 2 == 0) {
                    pagesServed++; // two rows a page
                }
                sink.accept(rows.get(i));
                if (i + 1 == midwayAfter) {
                    midway.run();
                }
            }
        }
    }

    /** Runs tasks only when the test says so, to interleave query runs. */
    private static final class StepExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    @TempDir
    Path home;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final FleetInMemory fleet = new FleetInMemory();
    private final List<Throwable> reportedFailures = new ArrayList<>();
    private HubConnection hub;

    @BeforeEach
    void fleetOfFive() {
        hub = new HubConnector(timer).connectLocal("Local hub", "127.0.0.1:8443", CONNECTION_STRING);
        fleet.add("pump-1", "plant-1", "1.0.0");
        fleet.add("pump-2", "plant-2", "1.0.0");
        fleet.add("pump-3", "plant-1", "1.1.0");
        fleet.add("valve-1", "plant-2", "2.0.0");
        fleet.add("valve-2", "plant-1", "2.0.0");
    }

    @AfterEach
    void close() {
        hub.close();
        timer.shutdownNow();
    }

    private DeviceListViewModel list(Executor hubCalls) {
        return new DeviceListViewModel(c -> fleet, new QueryLibrary(home.resolve("queries.json")),
                new ExecutorTaskRunner(hubCalls, Runnable::run), drain -> drain, (c, e) -> reportedFailures.add(e));
    }

    private static List<String> ids(DeviceListViewModel list) {
        return list.visibleRows().stream().map(DeviceRow::deviceId).toList();
    }

    @Test
    void connectingListsEveryDeviceWithTheHubsCount() {
        DeviceListViewModel list = list(Runnable::run);

        list.useConnection(hub);

        assertThat(ids(list)).containsExactly("pump-1", "pump-2", "pump-3", "valve-1", "valve-2");
        assertThat(list.totalCountProperty().get()).isEqualTo(5);
        assertThat(list.countTextProperty().get()).isEqualTo("5 devices");
        assertThat(list.loadingProperty().get()).isFalse();
        assertThat(fleet.pagesServed).isEqualTo(3);
    }

    /**
     * The fleet with 6,500 more devices, listed by a list whose hub calls and UI turns run when the test says so and
     * whose throttled drains wait in {@link #drains}.
     */
    private DeviceListViewModel sixThousandFiveHundredMoreOnStepExecutors(StepExecutor hubCalls, StepExecutor ui) {
        for (int i = 0; i < 6_500; i++) {
            fleet.add(String.format("sensor-%04d", i), "plant-3", "1.0.0");
        }
        return new DeviceListViewModel(c -> fleet, new QueryLibrary(home.resolve("queries.json")),
                new ExecutorTaskRunner(hubCalls, ui), drain -> () -> drains.add(drain), (c, e) -> reportedFailures.add(e));
    }

    @Test
    void rowsThatPiledUpGoInAtMostThreeThousandADrainOneUiTurnAfterAnother() {
        StepExecutor hubCalls = new StepExecutor();
        StepExecutor ui = new StepExecutor();
        DeviceListViewModel list = sixThousandFiveHundredMoreOnStepExecutors(hubCalls, ui);
        list.useConnection(hub);
        hubCalls.runAll();

        // the query's end drains at once; what a drain cannot take follows on the UI thread's next turns, without
        // waiting for the throttle's next slot (whose drains stay queued here)
        List<Integer> shownAfterEachTurn = new ArrayList<>();
        while (!ui.tasks.isEmpty()) {
            ui.tasks.poll().run();
            shownAfterEachTurn.add(list.visibleRows().size());
        }

        // a few thousand rows sorted and merged at once are over 50 ms of FX CPU
        assertThat(shownAfterEachTurn).containsSequence(3_000, 6_000, 6_505).last().isEqualTo(6_505);
        assertThat(list.loadingProperty().get()).isFalse();
        assertThat(list.countTextProperty().get()).isEqualTo("6,505 devices");
        assertThat(drains).isNotEmpty();
    }

    @Test
    void whileTheQueryStillPagesRowsADrainLeftWaitForTheThrottlesNextSlot() {
        StepExecutor hubCalls = new StepExecutor();
        StepExecutor ui = new StepExecutor();
        DeviceListViewModel list = sixThousandFiveHundredMoreOnStepExecutors(hubCalls, ui);
        int[] shownMidway = {-1};
        int[] uiTurnsMidway = {-1};
        int[] throttledMidway = {-1};
        Runnable atFiveThousand = () -> {
            drains.poll().run(); // the throttle's slot comes while the hub is still paging
            shownMidway[0] = list.visibleRows().size();
            uiTurnsMidway[0] = ui.tasks.size();
            throttledMidway[0] = drains.size();
        };
        fleet.midwayAfter = 1;
        fleet.midway = () -> {
            ui.tasks.poll().run(); // the first row's turn
            fleet.midwayAfter = 5_000;
            fleet.midway = atFiveThousand;
        };
        list.useConnection(hub);
        hubCalls.runAll();

        // the first row and a drain's worth went in; the other 1,999 of the 5,000 wait for the throttle (every frame
        // would make the table lay out its rows every frame), not for the UI thread's next turn
        assertThat(shownMidway[0]).isEqualTo(3_001);
        assertThat(uiTurnsMidway[0]).isZero();
        assertThat(throttledMidway[0]).isEqualTo(1);
        while (!ui.tasks.isEmpty()) {
            ui.tasks.poll().run();
        }
        assertThat(list.visibleRows()).hasSize(6_505);
        assertThat(list.loadingProperty().get()).isFalse();
    }

    @Test
    void theFirstRowsGoInOnTheNextUiTurnEvenWhenAProgressUpdateHasJustHadTheThrottlesSlot() {
        StepExecutor hubCalls = new StepExecutor();
        StepExecutor ui = new StepExecutor();
        DeviceListViewModel list = sixThousandFiveHundredMoreOnStepExecutors(hubCalls, ui);
        int[] shownAfterFirstRow = {-1};
        fleet.midwayAfter = 1;
        fleet.midway = () -> {
            ui.runAll();
            shownAfterFirstRow[0] = list.visibleRows().size();
        };
        list.useConnection(hub);
        // a progress query read a device, and its drain had the throttle's slot: the next one is up to 100 ms away
        list.rowEvents().deviceRead(new DeviceSnapshot("pump-1", "Connected", "enabled", "1.0.0", Instant.EPOCH, ""));
        drains.poll().run();
        assertThat(drains).isEmpty();

        hubCalls.runAll();

        // the first row of the run is in the table without waiting for the throttle
        assertThat(shownAfterFirstRow[0]).isEqualTo(1);
    }

    @Test
    void theCountIsAskedOnceTheFirstRowsAreInNotBesideThem() {
        StepExecutor hubCalls = new StepExecutor();
        StepExecutor ui = new StepExecutor();
        DeviceListViewModel list = sixThousandFiveHundredMoreOnStepExecutors(hubCalls, ui);
        int[] hubCallsWaitingAtFirstRow = {-1};
        fleet.midwayAfter = 1;
        fleet.midway = () -> hubCallsWaitingAtFirstRow[0] = hubCalls.tasks.size();

        list.useConnection(hub);

        // only the rows' query goes out first: the count would share the hub and the cores with the first page
        assertThat(hubCalls.tasks).hasSize(1);
        hubCalls.runAll();
        assertThat(hubCallsWaitingAtFirstRow[0]).isEqualTo(1); // the count, asked with the first row
        ui.runAll();
        while (!drains.isEmpty()) {
            drains.poll().run();
        }
        assertThat(list.totalCountProperty().get()).isEqualTo(6_505);
        assertThat(list.countTextProperty().get()).isEqualTo("6,505 devices");
    }

    @Test
    void aQueryThatMatchesNothingStillHasItsCount() {
        DeviceListViewModel list = list(Runnable::run);
        list.useConnection(hub);

        list.queryTextProperty().set("site = nowhere");
        list.runQuery();

        assertThat(list.visibleRows()).isEmpty();
        assertThat(list.totalCountProperty().get()).isZero();
        assertThat(list.loadingProperty().get()).isFalse();
    }

    @Test
    void theLastRowsAndTheEndOfTheQueryGoInWhenItEndsNotAtTheThrottlesNextSlot() {
        // a throttle whose next slot never comes: only the query's own end drains
        DeviceListViewModel list = new DeviceListViewModel(c -> fleet, new QueryLibrary(home.resolve("queries.json")),
                new ExecutorTaskRunner(Runnable::run, Runnable::run), drain -> () -> { },
                (c, e) -> reportedFailures.add(e));

        list.useConnection(hub);

        assertThat(ids(list)).containsExactly("pump-1", "pump-2", "pump-3", "valve-1", "valve-2");
        assertThat(list.loadingProperty().get()).isFalse();
    }

    @Test
    void theListStopsPagingAtItsRowCapAndSaysHowToSeeTheRest() {
        DeviceListViewModel list = new DeviceListViewModel(c -> fleet, new QueryLibrary(home.resolve("queries.json")),
                new ExecutorTaskRunner(Runnable::run, Runnable::run), drain -> drain, (c, e) -> reportedFailures.add(e), 3);

        list.useConnection(hub);

        assertThat(ids(list)).containsExactly("pump-1", "pump-2", "pump-3");
        assertThat(fleet.pagesServed).isEqualTo(2);
        assertThat(list.countTextProperty().get())
                .isEqualTo("First 3 of 5 devices (the list stops at 3; refine the query to list the rest)");
        list.quickFilterProperty().set("pump-2");
        assertThat(list.countTextProperty().get())
                .isEqualTo("1 shown of the first 3 of 5 devices (the list stops at 3; refine the query to list the rest)");

        list.quickFilterProperty().set("");
        list.queryTextProperty().set("site = plant-2");
        list.runQuery();
        assertThat(ids(list)).containsExactly("pump-2", "valve-1");
        assertThat(list.countTextProperty().get()).isEqualTo("2 devices");
    }

    @Test
    void aQueryNarrowsTheListAndIsRemembered() {
        DeviceListViewModel list = list(Runnable::run);
        list.useConnection(hub);

        list.queryTextProperty().set("WHERE site = plant-2");
        list.runQuery();

        assertThat(ids(list)).containsExactly("pump-2", "valve-1");
        assertThat(list.shownQueryProperty().get()).isEqualTo("SELECT * FROM devices WHERE site = plant-2");
        assertThat(list.history()).containsExactly("site = plant-2");
    }

    @Test
    void theQuickFilterAndSortingWorkOnTheLoadedRows() {
        DeviceListViewModel list = list(Runnable::run);
        list.useConnection(hub);

        list.quickFilterProperty().set("2.0");
        assertThat(ids(list)).containsExactly("valve-1", "valve-2");
        assertThat(list.countTextProperty().get()).isEqualTo("2 of 5 devices shown");

        list.quickFilterProperty().set("");
        list.visibleRows().comparatorProperty().set(Comparator.comparing(DeviceRow::deviceId).reversed());
        assertThat(ids(list)).startsWith("valve-2", "valve-1");
    }

    @Test
    void aBadQueryShowsTheHubsMessageAndKeepsNothingStale() {
        DeviceListViewModel list = list(Runnable::run);
        list.useConnection(hub);

        list.queryTextProperty().set("tags.site = = 'bad'");
        list.runQuery();

        assertThat(list.queryErrorProperty().get())
                .isEqualTo("The hub rejected the query: Syntax error at position 12: unexpected token '='");
        assertThat(ids(list)).isEmpty();
        assertThat(list.history()).doesNotContain("tags.site = = 'bad'");
    }

    @Test
    void aQueryTheTableCannotShowIsExplainedWithoutAskingTheHub() {
        DeviceListViewModel list = list(Runnable::run);
        list.useConnection(hub);
        int served = fleet.pagesServed;

        list.queryTextProperty().set("SELECT deviceId FROM devices");
        list.runQuery();

        assertThat(list.queryErrorProperty().get()).contains("shows whole twins");
        assertThat(fleet.pagesServed).isEqualTo(served);
    }

    @Test
    void refreshUpdatesRowsInPlaceAndDropsDevicesThatAreGone() {
        DeviceListViewModel list = list(Runnable::run);
        list.useConnection(hub);
        DeviceRow pump1 = list.visibleRows().get(0);
        list.selectedDeviceProperty().set(pump1);

        fleet.add("pump-1", "plant-1", "1.2.0");
        fleet.devices.remove("valve-2");
        fleet.add("valve-3", "plant-1", "2.0.0");
        list.refresh();

        assertThat(list.visibleRows().get(0)).isSameAs(pump1);
        assertThat(pump1.firmwareVersionProperty().get()).isEqualTo("1.2.0");
        assertThat(list.selectedDeviceProperty().get()).isSameAs(pump1);
        assertThat(ids(list)).containsExactly("pump-1", "pump-2", "pump-3", "valve-1", "valve-3");
    }

    @Test
    void anOlderQueryFinishingLateNeverOverwritesANewerOne() {
        StepExecutor hubCalls = new StepExecutor();
        fleet.ignoresCancellation = true; // a slow hub still sends the old run's pages
        DeviceListViewModel list = list(hubCalls);
        list.useConnection(hub);          // run 1: every device, not yet executed
        list.queryTextProperty().set("site = plant-2");
        list.runQuery();                  // run 2

        Runnable firstRun = hubCalls.tasks.poll();
        hubCalls.runAll();                // run 2 completes first, its count with it
        firstRun.run();                   // then run 1's pages arrive late
        hubCalls.runAll();                // and run 1's count, asked with its first row

        assertThat(ids(list)).containsExactly("pump-2", "valve-1");
        assertThat(list.totalCountProperty().get()).isEqualTo(2);
    }

    @Test
    void namedQueriesAndHistoryOutliveTheConsole() {
        DeviceListViewModel list = list(Runnable::run);
        list.useConnection(hub);
        list.queryTextProperty().set("site = plant-1");
        list.runQuery();
        assertThat(list.saveQuery("Plant 1")).isNull();
        assertThat(list.saveQuery("  ")).isEqualTo("Give the query a name.");

        DeviceListViewModel next = list(Runnable::run);
        next.loadLibrary();

        assertThat(next.savedQueries()).containsExactly(new SavedQuery("Plant 1", "site = plant-1"));
        assertThat(next.history()).containsExactly("site = plant-1");
        next.useConnection(hub);
        next.useSavedQuery(next.savedQueries().get(0));
        assertThat(ids(next)).containsExactly("pump-1", "pump-3", "valve-2");
    }

    private final Deque<Runnable> drains = new ArrayDeque<>();
}
