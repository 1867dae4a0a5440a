package dev.twinops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import dev.twinops.console.connection.HubChoice;
import dev.twinops.console.connection.LocalHubFile;
import dev.twinops.console.connection.LocalHubTier;
import dev.twinops.console.devices.DeviceRow;
import dev.twinops.console.testing.FleetSeeder;
import dev.twinops.console.testing.Loopback;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.LocalHub;
import dev.twinops.limits.IotHubTier;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;

/**
 * Opening a local hub that runs outside the console (started here as a second LocalHub on its own address and
 * data directory, throttling as S1, as {@code hub-emulator.jar --data DIR --tier S1} would), and choosing the tier
 * the embedded hub plays: through the window, headless.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenLocalHubEndToEndTest {

    private static final int STAGING_FLEET = 12;
    private static final Duration HUB_START = Duration.ofMinutes(2);
    private static final Duration UI = Duration.ofSeconds(30);

    @TempDir
    static Path home;
    @TempDir
    static Path elsewhere;

    private static String consoleAddress;
    private static String stagingAddress;
    private static Path stagingData;
    private static LocalHub staging;
    private static TwinOpsApp app;

    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startAStandaloneHubThenTheConsole() throws Exception {
        stagingAddress = Loopback.randomAddress();
        stagingData = elsewhere.resolve("staging");
        staging = LocalHub.start(HubConfig.builder().dataDirectory(stagingData).bindAddress(stagingAddress)
                .tier(IotHubTier.S1, 1).build());
        staging.connectionInfo().writeTo(stagingData.resolve("connection.json")); // as the standalone hub does
        new FleetSeeder(staging.connectionInfo()).seed("stage", 0, STAGING_FLEET, 2);

        consoleAddress = Loopback.randomAddress();
        FxToolkit.registerPrimaryStage();
        app = (TwinOpsApp) FxToolkit.setupApplication(
                () -> new TwinOpsApp(ConsoleSettings.at(home).withLocalHub(consoleAddress, 8443)));
        FxRobot robot = new FxRobot();
        await().atMost(HUB_START).until(() -> text(robot, "#hubStatusLabel").endsWith("connected"));
        robot.interact(() -> robot.lookup("#viewTabs").queryAs(javafx.scene.control.TabPane.class)
                .getSelectionModel().select(1));
    }

    @AfterAll
    static void stop() throws Exception {
        FxToolkit.cleanupStages();
        FxToolkit.cleanupApplication(app);
        if (staging != null) {
            staging.close();
        }
    }

    @Test
    @Order(1)
    void aWrongDirectoryOrAStoppedHubIsExplainedNextToTheField() throws Exception {
        robot.clickOn("#hubMenu").clickOn("Open a local hub...");
        replaceText("#locationField", elsewhere.resolve("no-such-hub").toString());
        robot.clickOn("#openLocalHubButton");
        await().atMost(UI).until(() -> text(robot, "#locationProblemLabel").contains("does not exist"));

        Path stopped = Files.createDirectories(elsewhere.resolve("stopped-hub").resolve("tls"));
        replaceText("#locationField", stopped.getParent().toString());
        assertThat(robot.lookup("#locationProblemLabel").queryAs(Labeled.class).isVisible()).isFalse();
        robot.clickOn("#openLocalHubButton");
        await().atMost(UI).until(() -> text(robot, "#locationProblemLabel")
                .startsWith("No hub is running on " + stopped.getParent()));
        assertThat(text(robot, "#hubStatusLabel")).startsWith("Local hub · ");
        robot.type(KeyCode.ESCAPE);
    }

    @Test
    @Order(2)
    void theStandaloneHubOpensListsItsDevicesAndThePacingFollowsItsTier() throws Exception {
        robot.clickOn("#hubMenu").clickOn("Open a local hub...");
        replaceText("#locationField", stagingData.toString());
        assertThat(robot.lookup("#nameField").queryAs(TextField.class).getText()).isEqualTo("staging");
        robot.clickOn("#openLocalHubButton");

        await().atMost(UI).until(() -> text(robot, "#hubStatusLabel")
                .equals("staging · " + stagingAddress + ":8443 · connected"));
        await().atMost(UI).until(() -> table().getItems().size() == STAGING_FLEET);
        assertThat(table().getItems()).extracting(DeviceRow::deviceId).allMatch(id -> id.startsWith("stage-"));
        assertThat(text(robot, "#hubTierLabel")).isEqualTo("Tier S1, 1 unit (the hub's)");
        assertThat(robot.lookup("#hubTierChoice").query().isDisabled()).isTrue();

        // remembered by location, owner-only, without the hub's key
        Path saved = home.resolve("connections.json");
        await().atMost(UI).until(() -> Files.exists(saved) && Files.readString(saved).contains("\"staging\""));
        assertThat(Files.readString(saved)).contains(stagingData.toString()).doesNotContain("SharedAccessKey");
        assertThat(Files.getPosixFilePermissions(saved)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    @Order(3)
    void theEmbeddedHubRestartsAsTheChosenTierAndTheConsoleRemembersIt() throws Exception {
        robot.interact(() -> hubSelector().getSelectionModel().select(HubChoice.LOCAL));
        await().atMost(UI).until(() -> text(robot, "#hubStatusLabel").startsWith("Local hub · ")
                && text(robot, "#hubTierLabel").equals("Tier Unlimited (the hub's)"));

        robot.clickOn("#hubMenu").clickOn("Local hub tier...");
        robot.interact(() -> {
            robot.lookup("#localHubTierChoice").queryAs(ComboBox.class).setValue("S1");
            robot.lookup("#localHubUnits").queryAs(Spinner.class).getValueFactory().setValue(2);
        });
        robot.clickOn("#applyLocalHubTierButton");

        await().atMost(HUB_START).until(() -> text(robot, "#hubStatusLabel").contains("restarted at")
                && text(robot, "#hubTierLabel").equals("Tier S1, 2 units (the hub's)"));
        assertThat(LocalHubFile.read(home.resolve("local-hub")).tier()).contains(LocalHubTier.of(IotHubTier.S1, 2));
        Path settings = home.resolve("settings.json");
        await().atMost(UI).until(() -> Files.exists(settings)
                && Files.readString(settings).replaceAll("\\s", "").contains("\"localHubTier\":\"S1\",\"localHubUnits\":2"));
    }

    @Test
    @Order(4)
    void aSavedHubThatStoppedSaysSoAndTheConsoleStaysWhereItWas() {
        staging.close();
        staging = null;
        try {
            Files.deleteIfExists(stagingData.resolve("connection.json")); // as the standalone hub does when it stops
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        robot.interact(() -> hubSelector().getSelectionModel().select(HubChoice.openedLocal("staging")));

        await().atMost(UI).until(() -> text(robot, "#connectionErrorLabel")
                .startsWith("Could not switch to staging: No hub is running on " + stagingData));
        assertThat(text(robot, "#hubStatusLabel")).startsWith("Local hub · ");
    }

    @SuppressWarnings("unchecked")
    private ComboBox<HubChoice> hubSelector() {
        return robot.lookup("#hubSelector").queryAs(ComboBox.class);
    }

    private void replaceText(String query, String text) {
        robot.interact(() -> robot.lookup(query).queryAs(TextField.class).setText(text));
    }

    @SuppressWarnings("unchecked")
    private TableView<DeviceRow> table() {
        return robot.lookup("#deviceTable").queryAs(TableView.class);
    }

    private static String text(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        return node instanceof Labeled labeled && labeled.getText() != null ? labeled.getText() : "";
    }
}
