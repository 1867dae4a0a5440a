package dev.twinops.console.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.console.operations.HubTier;
import dev.twinops.console.progress.QueryPacer;
import dev.twinops.console.tasks.CurrentThreadTaskRunner;

class DashboardViewModelTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String FIRMWARE = "SELECT properties.reported.firmwareVersion AS firmwareVersion, COUNT() AS n "
            + "FROM devices GROUP BY properties.reported.firmwareVersion";
    private static final String CONNECTION = "SELECT connectionState AS connectionState, COUNT() AS n FROM devices "
            + "GROUP BY connectionState";
    private static final String SITE = "SELECT tags.site AS tagValue, COUNT() AS n FROM devices GROUP BY tags.site";
    private static final String OPERATIONS = "SELECT properties.reported.iothubDM.firmwareUpdate.status AS firmwareUpdate, "
            + "properties.reported.iothubDM.reboot.status AS reboot, "
            + "properties.reported.iothubDM.factoryReset.status AS factoryReset, COUNT() AS n FROM devices "
            + "GROUP BY properties.reported.iothubDM.firmwareUpdate.status, properties.reported.iothubDM.reboot.status, "
            + "properties.reported.iothubDM.factoryReset.status";

    private final List<String> sent = new ArrayList<>();
    private final Map<String, List<GroupCount>> answers = new HashMap<>();
    private final List<Duration> delays = new ArrayList<>();
    private final List<Runnable> timers = new ArrayList<>();
    private final List<String> queryBar = new ArrayList<>();
    private HubTier tier = HubTier.UNLIMITED;
    private Exception failure;

    private final FleetCountService service = query -> {
        sent.add(query);
        if (failure != null) {
            throw failure;
        }
        return answers.getOrDefault(query, List.of());
    };
    private final DashboardViewModel dashboard = new DashboardViewModel(hub -> service, new CurrentThreadTaskRunner(),
            (delay, action) -> {
                delays.add(delay);
                timers.add(action);
            }, () -> tier, new QueryPacer(Duration.ofSeconds(10), 0.1), queryBar::add, (hub, e) -> { },
            Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void eachChartIsOneGroupByQuerySentOnlyWhileTheDashboardIsShown() {
        dashboard.useConnection(hub());
        assertThat(sent).isEmpty();

        dashboard.setActive(true);

        assertThat(sent).containsExactly(FIRMWARE, CONNECTION, SITE, OPERATIONS);
        assertThat(dashboard.updatedProperty().get()).isEqualTo("Updated 12:00:00");
        dashboard.setActive(false);
        timers.get(0).run();
        assertThat(sent).hasSize(4);
    }

    @Test
    void rowsBecomeSlicesWithTheirCountsAndConditions() {
        answers.put(FIRMWARE, List.of(row("firmwareVersion", "1.0.0", 3), row(Map.of(), 2), row("firmwareVersion", "2.0.0", 7)));
        answers.put(CONNECTION, List.of(row("connectionState", "Connected", 4), row("connectionState", "Disconnected", 8)));
        answers.put(SITE, List.of(row("tagValue", "plant-1", 6), row("tagValue", "it's", 1)));
        answers.put(OPERATIONS, List.of(
                row(Map.of("firmwareUpdate", JSON.textNode("current"), "reboot", JSON.textNode("completed")), 5),
                row(Map.of("firmwareUpdate", JSON.textNode("downloading")), 2),
                row(Map.of("firmwareUpdate", JSON.textNode("current")), 1),
                row(Map.of(), 4)));
        dashboard.useConnection(hub());
        dashboard.setActive(true);

        assertThat(dashboard.firmwareSlices()).containsExactly(
                new ChartSlice("", "2.0.0", 7, "properties.reported.firmwareVersion = '2.0.0'"),
                new ChartSlice("", "1.0.0", 3, "properties.reported.firmwareVersion = '1.0.0'"),
                new ChartSlice("", "(not set)", 2, "NOT IS_DEFINED(properties.reported.firmwareVersion)"));
        assertThat(dashboard.connectionSlices()).extracting(ChartSlice::label, ChartSlice::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Disconnected", 8L),
                        org.assertj.core.groups.Tuple.tuple("Connected", 4L));
        assertThat(dashboard.tagSlices()).extracting(ChartSlice::condition)
                .containsExactly("tags.site = 'plant-1'", "tags.site = 'it\\'s'");
        assertThat(dashboard.operationSlices()).containsExactly(
                new ChartSlice("current", "Firmware update", 6,
                        "properties.reported.iothubDM.firmwareUpdate.status = 'current'"),
                new ChartSlice("downloading", "Firmware update", 2,
                        "properties.reported.iothubDM.firmwareUpdate.status = 'downloading'"),
                new ChartSlice("completed", "Reboot", 5, "properties.reported.iothubDM.reboot.status = 'completed'"));
    }

    @Test
    void aClickPutsTheSlicesConditionIntoTheQueryBar() {
        answers.put(CONNECTION, List.of(row("connectionState", "Connected", 4)));
        dashboard.useConnection(hub());
        dashboard.setActive(true);

        dashboard.choose(dashboard.connectionSlices().get(0));

        assertThat(queryBar).containsExactly("connectionState = 'Connected'");
    }

    @Test
    void anotherTagIsOneQueryOfItsOwn() {
        dashboard.useConnection(hub());
        dashboard.setActive(true);
        sent.clear();
        answers.put("SELECT tags.ring AS tagValue, COUNT() AS n FROM devices GROUP BY tags.ring",
                List.of(row("tagValue", "canary", 2)));

        dashboard.tagNameProperty().set("ring");

        assertThat(sent).containsExactly("SELECT tags.ring AS tagValue, COUNT() AS n FROM devices GROUP BY tags.ring");
        assertThat(dashboard.tagSlices()).extracting(ChartSlice::condition).containsExactly("tags.ring = 'canary'");
        dashboard.tagNameProperty().set("ring; DROP");
        assertThat(dashboard.errorProperty().get()).startsWith("A tag name is letters");
        assertThat(sent).hasSize(1);
    }

    @Test
    void whileAnotherTagsQueryIsOutItsChartIsPendingRatherThanEmpty() {
        answers.put(SITE, List.of(row("tagValue", "plant-1", 4)));
        dashboard.useConnection(hub());
        dashboard.setActive(true);
        List<Boolean> pendingWhileAsked = new ArrayList<>();
        DashboardViewModel watched = dashboard;
        watched.tagSlices().addListener((javafx.collections.ListChangeListener<ChartSlice>) change ->
                pendingWhileAsked.add(watched.tagPendingProperty().get()));

        dashboard.tagNameProperty().set("building"); // the hub answers no rows

        // cleared while the query was out (pending), then answered with nothing: empty, and no longer pending
        assertThat(pendingWhileAsked).first().isEqualTo(true);
        assertThat(dashboard.tagSlices()).isEmpty();
        assertThat(dashboard.tagPendingProperty().get()).isFalse();

        failure = new IllegalStateException("hub gone");
        dashboard.tagNameProperty().set("ring");
        assertThat(dashboard.tagPendingProperty().get()).isFalse();
        assertThat(dashboard.errorProperty().get()).startsWith("Could not read the fleet");
    }

    @Test
    void roundsArePacedToTheTiersQueryBudgetAndBackOffWhenThrottled() {
        dashboard.useConnection(hub());
        dashboard.setActive(true);
        // unlimited: the minimum interval
        assertThat(delays).containsExactly(Duration.ofSeconds(10));

        // S1, two units: 40 queries a minute, of which the dashboard takes a tenth: four queries need a minute
        tier = HubTier.parse("S1x2");
        timers.get(0).run();
        Duration s1 = new QueryPacer(Duration.ofSeconds(10), 0.1).nextDelay(4, tier);
        assertThat(s1).isEqualTo(Duration.ofMinutes(1));
        assertThat(delays.get(1)).isEqualTo(s1);
        assertThat(sent).hasSize(8);

        failure = new IotHubTooManyRequestsException("throttled");
        timers.get(1).run();
        assertThat(delays.get(2)).isEqualTo(s1.multipliedBy(2));
        assertThat(dashboard.errorProperty().get()).startsWith("Could not read the fleet");
    }

    @Test
    void aRoundOfAnEarlierHubIsDropped() {
        dashboard.useConnection(hub());
        dashboard.setActive(true);
        Runnable oldTimer = timers.get(0);
        dashboard.useConnection(hub());
        int afterSwitch = sent.size();

        oldTimer.run();

        assertThat(sent).hasSize(afterSwitch);
    }

    private static GroupCount row(String name, String value, long n) {
        return new GroupCount(Map.of(name, JSON.textNode(value)), n);
    }

    private static GroupCount row(Map<String, JsonNode> values, long n) {
        return new GroupCount(values, n);
    }

    private final java.util.concurrent.ScheduledExecutorService renewal =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    private final List<HubConnection> hubs = new ArrayList<>();

    /** A hub the fake service stands for: real connection material, never called. */
    private HubConnection hub() {
        try {
            HubConnection hub = new HubConnector(renewal).connectLocal("Local hub", "127.0.0.1:8443",
                    "HostName=127.0.0.1;SharedAccessKeyName=iothubowner;"
                            + "SharedAccessKey=c2VjcmV0LWtleS10aGF0LWlzLTMyLWJ5dGVzLWxvbmc=");
            hubs.add(hub);
            return hub;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @org.junit.jupiter.api.AfterEach
    void closeHubs() {
        hubs.forEach(HubConnection::close);
        renewal.shutdownNow();
    }
}
