package dev.twinops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import dev.twinops.console.dashboard.ChartSlice;
import dev.twinops.console.devices.DeviceRow;
import dev.twinops.console.testing.FleetSeeder;
import dev.twinops.console.testing.Loopback;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.simulator.fleet.FleetConfig;
import dev.twinops.simulator.fleet.HubTarget;
import dev.twinops.simulator.fleet.SimulatedFleet;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.chart.PieChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;

/**
 * The fleet dashboard on the embedded hub: twelve registered devices on two sites and three simulated devices
 * online (reporting firmware 1.0.0, on the simulator's site plant-north; one canary, two early). The charts show the hub's counts, and a click on a bar or slice
 * fills the query bar and lists exactly those devices.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardEndToEndTest {

    private static final Duration HUB_START = Duration.ofMinutes(2);
    private static final Duration UI = Duration.ofSeconds(30);
    private static final int REGISTERED = 12;
    private static final int ONLINE = 3;

    @TempDir
    static Path home;

    private static TwinOpsApp app;
    private static SimulatedFleet online;

    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startConsoleWithASmallFleet() throws Exception {
        String address = Loopback.randomAddress();
        FxToolkit.registerPrimaryStage();
        app = (TwinOpsApp) FxToolkit.setupApplication(
                () -> new TwinOpsApp(ConsoleSettings.at(home).withLocalHub(address, 8443)));
        FxRobot robot = new FxRobot();
        await().atMost(HUB_START).until(() -> robot.lookup("#hubStatusLabel").queryAs(Label.class).getText()
                .endsWith("connected"));
        HubConnectionInfo info = app.localHub().connectionInfo();
        new FleetSeeder(info).seed("dash", 0, REGISTERED, 4);
        online = SimulatedFleet.start(FleetConfig.builder(HubTarget.local(info.hostName(), info.serviceEndpoint(),
                        info.serviceConnectionString(), info.caCertificatePath()))
                .count(ONLINE).prefix("live-").bootTime(Duration.ofMillis(200)).installJvmTrust(false).build());
        online.allOnline().get(2, TimeUnit.MINUTES);
    }

    @AfterAll
    static void stopConsole() throws Exception {
        if (online != null) {
            online.close();
        }
        FxToolkit.cleanupStages();
        FxToolkit.cleanupApplication(app);
    }

    @Test
    @Order(1)
    void theDashboardIsWhatTheOperatorSeesFirstAndItsChartsShowTheHubsCounts() {
        assertThat(tabs().getSelectionModel().getSelectedItem().getText()).isEqualTo("Dashboard");
        robot.clickOn("#dashboardRefreshButton");

        await().atMost(UI).until(() -> bars("#firmwareChart").equals(Map.of("1.0.0", 3L, "(not set)", 12L)));
        await().atMost(UI).until(() -> pie().equals(Map.of("Connected (3)", 3L, "Disconnected (12)", 12L)));
        // a 3-of-15 slice's label would lie on its neighbour's: the legend carries the names and counts instead
        assertThat(robot.lookup("#connectionChart .chart-pie-label").queryAllAs(Node.class)).noneMatch(Node::isVisible);
        assertThat(robot.lookup("#connectionChart .chart-legend-item").queryAllAs(Label.class))
                .extracting(Label::getText).containsExactlyInAnyOrder("Connected (3)", "Disconnected (12)");
        assertThat(bars("#tagChart")).containsExactly(
                Map.entry("plant-1", 6L), Map.entry("plant-2", 6L), Map.entry("plant-north", 3L));
        assertThat(robot.lookup("#updatedLabel").queryAs(Label.class).getText()).startsWith("Updated ");
        // no device has run an operation yet: that chart says so instead of bare axes running to an arbitrary 100-odd
        assertThat(robot.lookup("#operationsEmpty").queryAs(Label.class).isVisible()).isTrue();
        assertThat(robot.lookup("#operationsEmpty").queryAs(Label.class).getText())
                .isEqualTo("No device has reported a reboot, factory reset or firmware update yet");
        assertThat(robot.lookup("#operationsChart").queryAs(XYChart.class).getYAxis().isTickLabelsVisible()).isFalse();
        assertThat(robot.lookup("#firmwareEmpty").queryAs(Label.class).isVisible()).isFalse();
        assertThat(robot.lookup("#tagChart").queryAs(XYChart.class).getYAxis().isTickLabelsVisible()).isTrue();
    }

    @Test
    @Order(2)
    void theOperatorChoosesTheTagTheThirdChartCounts() {
        ComboBox<String> tag = robot.lookup("#tagNameField").queryComboBox();
        robot.interact(() -> tag.setValue("ring"));

        await().atMost(UI).until(() -> bars("#tagChart").equals(Map.of("broad", 10L, "canary", 3L, "early", 2L)));
        robot.interact(() -> tag.setValue("site"));
        await().atMost(UI).until(() -> bars("#tagChart").containsKey("plant-2"));
    }

    @Test
    @Order(3)
    void clickingABarListsItsDevices() {
        robot.clickOn(barNode("#tagChart", "plant-2"));

        assertThat(tabs().getSelectionModel().getSelectedItem().getText()).isEqualTo("Devices");
        assertThat(robot.lookup("#queryField").queryComboBox().getEditor().getText()).isEqualTo("tags.site = 'plant-2'");
        await().atMost(UI).until(() -> table().getItems().size() == REGISTERED / 2
                && table().getItems().stream().allMatch(r -> r.tagsProperty().get().contains("site=plant-2")));
    }

    @Test
    @Order(4)
    void clickingASliceListsItsDevices() {
        robot.interact(() -> tabs().getSelectionModel().select(0));
        // showing the dashboard again refreshes it: take the slice of the round that is shown
        await().atMost(UI).until(() -> pieNode("Connected (3)") != null);
        Node connected = pieNode("Connected (3)");

        robot.interact(() -> Event.fireEvent(connected, new MouseEvent(MouseEvent.MOUSE_CLICKED, 1, 1, 1, 1,
                MouseButton.PRIMARY, 1, false, false, false, false, true, false, false, true, false, false, null)));

        assertThat(robot.lookup("#queryField").queryComboBox().getEditor().getText())
                .isEqualTo("connectionState = 'Connected'");
        await().atMost(UI).until(() -> table().getItems().size() == ONLINE
                && table().getItems().stream().allMatch(r -> r.deviceId().startsWith("live-")));
    }

    @Test
    @Order(5)
    void theListSortsByTheColumnTheOperatorChoosesEitherWayRound() {
        TableColumn<DeviceRow, ?> deviceId = table().getColumns().get(0);
        TableColumn<DeviceRow, ?> firmware = table().getColumns().stream()
                .filter(c -> c.getText().equals("Firmware")).findFirst().orElseThrow();
        List<String> ascending = ids().stream().sorted().toList();
        assertThat(ascending).hasSize(ONLINE).doesNotHaveDuplicates();
        assertThat(ids()).isEqualTo(ascending);

        robot.interact(() -> deviceId.setSortType(TableColumn.SortType.DESCENDING));
        List<String> descending = new java.util.ArrayList<>(ascending);
        java.util.Collections.reverse(descending);
        await().atMost(UI).until(() -> ids().equals(descending));

        // two columns: firmware first (the same for all three), then device id, ascending again
        robot.interact(() -> {
            deviceId.setSortType(TableColumn.SortType.ASCENDING);
            table().getSortOrder().setAll(List.of(firmware, deviceId));
        });
        await().atMost(UI).until(() -> ids().equals(ascending));
    }

    private List<String> ids() {
        return table().getItems().stream().map(DeviceRow::deviceId).toList();
    }

    private TabPane tabs() {
        return robot.lookup("#viewTabs").queryAs(TabPane.class);
    }

    @SuppressWarnings("unchecked")
    private TableView<DeviceRow> table() {
        return robot.lookup("#deviceTable").queryAs(TableView.class);
    }

    /** Category to count of a one-series bar chart, in the chart's order. */
    @SuppressWarnings("unchecked")
    private Map<String, Long> bars(String chart) {
        XYChart<String, Number> bars = robot.lookup(chart).queryAs(XYChart.class);
        Map<String, Long> counts = new LinkedHashMap<>();
        bars.getData().forEach(series -> series.getData()
                .forEach(bar -> counts.put(bar.getXValue(), bar.getYValue().longValue())));
        return counts;
    }

    @SuppressWarnings("unchecked")
    private Node barNode(String chart, String category) {
        XYChart<String, Number> bars = robot.lookup(chart).queryAs(XYChart.class);
        return bars.getData().get(0).getData().stream().filter(bar -> bar.getXValue().equals(category))
                .findFirst().orElseThrow().getNode();
    }

    private Map<String, Long> pie() {
        Map<String, Long> slices = new LinkedHashMap<>();
        robot.lookup("#connectionChart").queryAs(PieChart.class).getData()
                .forEach(d -> slices.put(d.getName(), (long) d.getPieValue()));
        return slices;
    }

    /** The slice's node once it answers clicks (null before). */
    private Node pieNode(String name) {
        return robot.lookup("#connectionChart").queryAs(PieChart.class).getData().stream()
                .filter(d -> d.getName().equals(name)).map(PieChart.Data::getNode)
                .filter(node -> node != null && node.getProperties().get(ChartSlice.class) != null)
                .findFirst().orElse(null);
    }
}
