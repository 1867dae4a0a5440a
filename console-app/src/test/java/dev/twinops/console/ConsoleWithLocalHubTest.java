package dev.twinops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.twin.Twin;

import dev.twinops.console.connection.HubErrors;
import dev.twinops.console.devices.DeviceQuery;
import dev.twinops.console.devices.DeviceRow;
import dev.twinops.console.devices.TwinQueryPager;
import dev.twinops.console.testing.FleetSeeder;
import dev.twinops.console.testing.Loopback;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.LocalHub;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

/**
 * The console as an operator uses it, headless, on its embedded local hub (random loopback address, temporary
 * home), with devices registered through the service SDK.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleWithLocalHubTest {

    private static final int FLEET = 24;
    private static final Duration HUB_START = Duration.ofMinutes(2);
    private static final Duration UI = Duration.ofSeconds(30);

    @TempDir
    static Path home;

    private static String address;
    private static TwinOpsApp app;
    private static Stage stage;
    private static FleetSeeder fleet;
    private static LocalHub restartedHub;

    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startConsoleOnItsLocalHub() throws Exception {
        address = Loopback.randomAddress();
        stage = FxToolkit.registerPrimaryStage();
        app = (TwinOpsApp) FxToolkit.setupApplication(
                () -> new TwinOpsApp(ConsoleSettings.at(home).withLocalHub(address, 8443)));
        FxRobot robot = new FxRobot();
        await().atMost(HUB_START).until(() -> text(robot, "#hubStatusLabel").endsWith("connected"));
        // the window opens on the dashboard; these tests work in the device list
        robot.interact(() -> robot.lookup("#viewTabs").queryAs(javafx.scene.control.TabPane.class)
                .getSelectionModel().select(1));
        fleet = new FleetSeeder(app.localHub().connectionInfo());
        fleet.seed("sensor", 0, FLEET, 4);
    }

    @AfterAll
    static void stopConsole() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        if (restartedHub != null) {
            restartedHub.close();
        }
    }

    @BeforeEach
    void showEveryDevice() {
        runQuery("");
        await().atMost(UI).until(() -> table().getItems().size() == FLEET && !loading());
    }

    @Test
    @Order(1)
    void theWindowShowsTheLocalHubAndItsWholeFleet() {
        assertThat(stage.getTitle()).isEqualTo("TwinOps");
        assertThat(table().getColumns()).extracting(TableColumn::getText).containsExactly(
                "Device ID", "Connection", "Status", "Firmware", "Last activity", "Tags", "Operation");
        assertThat(text(robot, "#hubStatusLabel")).isEqualTo("Local hub · " + address + ":8443 · connected");
        assertThat(text(robot, "#deviceCountLabel")).isEqualTo(FLEET + " devices");
        DeviceRow first = table().getItems().stream().filter(r -> r.deviceId().equals("sensor-00000")).findFirst()
                .orElseThrow();
        assertThat(first.tagsProperty().get()).contains("site=plant-1", "ring=canary");
        assertThat(first.statusProperty().get()).isEqualTo("enabled");
        assertThat(first.connectionStateProperty().get()).isEqualTo("Disconnected");
    }

    @Test
    @Order(2)
    void aQueryNarrowsTheListAndTheCountFollows() {
        runQuery("tags.site = 'plant-2'");

        await().atMost(UI).until(() -> table().getItems().size() == FLEET / 2 && !loading());
        assertThat(table().getItems()).allSatisfy(row -> assertThat(row.tagsProperty().get()).contains("site=plant-2"));
        assertThat(text(robot, "#deviceCountLabel")).isEqualTo(FLEET / 2 + " devices");
        assertThat(text(robot, "#shownQueryLabel")).isEqualTo("SELECT * FROM devices WHERE tags.site = 'plant-2'");

        runQuery("tags.site = 'nowhere'");
        await().atMost(UI).until(() -> table().getItems().isEmpty() && !loading());
        // the empty list says it is the query, not an empty hub
        assertThat(((javafx.scene.control.Label) table().getPlaceholder()).getText())
                .isEqualTo("No devices match this query.");
        runQuery("tags.site = 'plant-2'");
        await().atMost(UI).until(() -> table().getItems().size() == FLEET / 2 && !loading());
    }

    @Test
    @Order(3)
    void aBadQueryShowsTheHubsOwnMessage() throws Exception {
        String bad = "tags.site = = 'plant-2'";
        String hubSays;
        try {
            fleet.queries().queryRaw("SELECT * FROM devices WHERE " + bad);
            fail("the hub accepted a malformed query");
            return;
        } catch (IotHubException e) {
            hubSays = HubErrors.hubMessage(e);
        }

        runQuery(bad);

        await().atMost(UI).until(() -> text(robot, "#queryErrorLabel").equals("The hub rejected the query: " + hubSays));
        assertThat(hubSays).contains("(400004)").doesNotContain("trackingId");
        assertThat(robot.lookup("#queryErrorLabel").queryAs(Label.class).isVisible()).isTrue();
    }

    @Test
    @Order(4)
    void aDesiredPropertyEditReachesTheTwin() throws Exception {
        select("sensor-00003");
        robot.clickOn("#editTab");
        replaceText("#desiredEditor", "{\"telemetryInterval\": 42}");

        robot.clickOn("#saveTwinButton");

        await().atMost(UI).until(() -> desired("sensor-00003").get("telemetryInterval"),
                value -> value instanceof Number n && n.intValue() == 42);
        await().atMost(UI).until(() -> text(robot, "#twinMessageLabel").startsWith("Saved. Twin version"));
    }

    @Test
    @Order(5)
    void aConflictingEditShowsTheNewTwinAndKeepsWhatWasTyped() throws Exception {
        select("sensor-00005");
        robot.clickOn("#editTab");
        String typed = "{\"telemetryInterval\": 77}";
        replaceText("#desiredEditor", typed);
        Twin elsewhere = new Twin("sensor-00005");
        elsewhere.getDesiredProperties().put("mode", "eco");
        fleet.twins().patch(elsewhere); // another operator saves first

        robot.clickOn("#saveTwinButton");

        await().atMost(UI).until(() -> text(robot, "#twinMessageLabel").contains("someone changed this twin"));
        assertThat(robot.lookup("#desiredEditor").queryAs(TextArea.class).getText()).isEqualTo(typed);
        assertThat(robot.lookup("#rawJsonArea").queryAs(TextArea.class).getText()).contains("\"mode\" : \"eco\"");
        assertThat(desired("sensor-00005")).containsEntry("mode", "eco").extractingByKey("telemetryInterval")
                .satisfies(v -> assertThat(((Number) v).intValue()).isEqualTo(10));
    }

    @Test
    @Order(6)
    void refreshKeepsTheSelectedDevice() {
        select("sensor-00007");
        DeviceRow selected = table().getSelectionModel().getSelectedItem();

        robot.clickOn("#refreshButton");

        await().atMost(UI).until(() -> !loading());
        assertThat(table().getSelectionModel().getSelectedItem()).isSameAs(selected);
        assertThat(text(robot, "#deviceHeading")).isEqualTo("sensor-00007");
    }

    @Test
    @Order(7)
    void theConsoleSaysWhenTheHubIsGoneAndReconnectsWhenItIsBack() {
        HubConfig config = app.localHub().hub().config();
        app.localHub().hub().close();

        robot.clickOn("#refreshButton");
        await().atMost(UI).until(() -> text(robot, "#hubStatusLabel").contains("unreachable"));

        restartedHub = LocalHub.start(config);

        await().atMost(Duration.ofMinutes(1)).until(() -> text(robot, "#hubStatusLabel").contains("reconnected at"));
        await().atMost(UI).until(() -> table().getItems().size() == FLEET && !loading());
        assertThat(text(robot, "#queryErrorLabel")).isEmpty();
    }

    @Test
    @Order(8)
    void theListIsReadPageByPageFollowingTheContinuation() throws Exception {
        TwinQueryPager pager = new TwinQueryPager(fleet.queries(), 5, 10); // a first page of 5, then pages of 10
        List<String> streamed = new java.util.ArrayList<>();

        pager.stream(DeviceQuery.parse("tags.model = 'TX-100'"), row -> streamed.add(row.deviceId()), () -> true);

        long expected = java.util.stream.IntStream.range(0, FLEET).filter(i -> i % 3 != 0).count();
        assertThat(streamed).hasSize((int) expected).doesNotHaveDuplicates();
        assertThat(pager.count(DeviceQuery.parse("tags.model = 'TX-100'"))).isEqualTo(expected);
    }

    // ---- helpers: what an operator does ----

    private void runQuery(String query) {
        robot.clickOn("#queryField");
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.type(KeyCode.BACK_SPACE);
        if (!query.isEmpty()) {
            robot.write(query);
        }
        robot.type(KeyCode.ENTER);
    }

    private void select(String deviceId) {
        TableView<DeviceRow> table = table();
        DeviceRow row = table.getItems().stream().filter(r -> r.deviceId().equals(deviceId)).findFirst().orElseThrow();
        robot.interact(() -> table.scrollTo(row)); // as the operator scrolls to it
        Node cell = robot.lookup(".table-row-cell .table-cell")
                .match((Node n) -> n instanceof javafx.scene.control.Labeled l && deviceId.equals(l.getText()))
                .query();
        robot.clickOn(cell);
        await().atMost(UI).until(() -> text(robot, "#deviceHeading").equals(deviceId)
                && !robot.lookup("#identityGrid").queryParent().getChildrenUnmodifiable().isEmpty());
    }

    private void replaceText(String query, String text) {
        robot.clickOn(query);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.type(KeyCode.BACK_SPACE);
        robot.write(text);
    }

    private Map<String, Object> desired(String deviceId) throws Exception {
        return fleet.twins().get(deviceId).getDesiredProperties();
    }

    @SuppressWarnings("unchecked")
    private TableView<DeviceRow> table() {
        return robot.lookup("#deviceTable").queryAs(TableView.class);
    }

    private boolean loading() {
        return robot.lookup("#loadingBar").query().isVisible();
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    static List<String> ids(TableView<DeviceRow> table) {
        return table.getItems().stream().map(DeviceRow::deviceId).toList();
    }
}
