package dev.twinops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;

import dev.twinops.console.testing.FleetSeeder;
import dev.twinops.console.testing.Loopback;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.LocalHub;
import dev.twinops.limits.IotHubTier;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;

/**
 * Copying a fleet's shape through the window, headless: a second LocalHub on its own address playing S1 with seeded
 * devices (ten units, so the console's own queries leave the copy room) is opened as "production", then Hub > Copy fleet shape to a rehearsal hub...: the estimate shows before
 * anything is copied, Copy writes the devices into the console's local hub, and production's twins keep their
 * versions. With {@code -Dtwinops.screenshot.dir=DIR} the dialog and the Rehearsals tab are saved as pictures.
 */
class RehearsalCopyEndToEndTest {

    private static final int FLEET = 30;
    private static final Duration HUB_START = Duration.ofMinutes(2);
    private static final Duration UI = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    @TempDir
    static Path elsewhere;

    private static LocalHub production;
    private static FleetSeeder seeder;
    private static TwinOpsApp app;

    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startProductionThenTheConsole() throws Exception {
        Path data = elsewhere.resolve("production");
        production = LocalHub.start(HubConfig.builder().dataDirectory(data).bindAddress(Loopback.randomAddress())
                .tier(IotHubTier.S1, 10).build());
        production.connectionInfo().writeTo(data.resolve("connection.json"));
        seeder = new FleetSeeder(production.connectionInfo());
        seeder.seed("pump", 0, FLEET, 2);

        FxToolkit.registerPrimaryStage();
        app = (TwinOpsApp) FxToolkit.setupApplication(
                () -> new TwinOpsApp(ConsoleSettings.at(home).withLocalHub(Loopback.randomAddress(), 8443)));
        FxRobot robot = new FxRobot();
        await().atMost(HUB_START).until(() -> text(robot, "#hubStatusLabel").endsWith("connected"));
        robot.interact(() -> robot.lookup("#viewTabs").queryAs(TabPane.class).getSelectionModel().select(1));
        robot.clickOn("#hubMenu").clickOn("Open a local hub...");
        robot.interact(() -> robot.lookup("#locationField").queryAs(TextField.class).setText(data.toString()));
        robot.clickOn("#openLocalHubButton");
        await().atMost(UI).until(() -> text(robot, "#hubStatusLabel").startsWith("production · "));
    }

    @AfterAll
    static void stop() throws Exception {
        FxToolkit.cleanupStages();
        FxToolkit.cleanupApplication(app);
        if (production != null) {
            production.close();
        }
    }

    @Test
    void theEstimateShowsFirstThenTheCopyLeavesProductionUntouched() throws Exception {
        Map<String, String> before = twinVersions();
        robot.clickOn("#hubMenu").clickOn("Copy fleet shape to a rehearsal hub...");
        robot.interact(() -> {
            robot.lookup("#rehearsalNameField").queryAs(TextField.class).setText("pumps-friday");
            robot.lookup("#copyConditionField").queryAs(TextField.class).setText("tags.site = 'plant-1'");
        });
        assertThat(robot.lookup("#copyShapeButton").query().isDisabled()).as("no copy before the estimate").isTrue();

        robot.interact(() -> robot.lookup("#copyScaleField").queryAs(TextField.class).setText("none"));
        robot.clickOn("#estimateButton");
        await().atMost(UI).until(() -> text(robot, "#copyScaleProblemLabel").contains("whole number"));

        robot.interact(() -> robot.lookup("#copyScaleField").queryAs(TextField.class).setText("1"));
        robot.clickOn("#estimateButton");
        await().atMost(UI).until(() -> text(robot, "#copyEstimateLabel").startsWith(
                FLEET / 2 + " devices match 'tags.site = 'plant-1'' on "));
        assertThat(text(robot, "#copyEstimateLabel")).contains("Reading them costs 2 queries on the source")
                .contains("at 150 queries a minute (S1 with 10 units)").contains("Nothing is written to the source");
        saveScreenshot("#copyShapeDialog", "console-rehearsal-estimate.png");

        robot.clickOn("#copyShapeButton");
        await().atMost(UI).until(() -> text(robot, "#copyResultLabel").startsWith("Read " + FLEET / 2 + " devices"));
        assertThat(text(robot, "#copyResultLabel")).contains("created " + FLEET / 2 + " on the rehearsal hub");
        assertThat(robot.lookup("#copyShapeButton").query().isDisabled()).as("one copy per dialog").isTrue();
        saveScreenshot("#copyShapeDialog", "console-rehearsal-copied.png");
        assertThat(twinVersions()).as("production's twins").isEqualTo(before);
        Path shape = home.resolve("rehearsals").resolve("pumps-friday").resolve("shape.json");
        assertThat(Files.readString(shape)).contains("\"site\" : \"plant-1\"").doesNotContain("plant-2")
                .doesNotContain("SharedAccessKey");
        robot.clickOn("Close");

        // the Rehearsals tab lists it, the next steps offered
        await().atMost(UI).until(() -> text(robot, "#rehearsalDetailsLabel").startsWith("Copied " + FLEET / 2
                + " of " + FLEET / 2 + " devices from production"));
        assertThat(robot.lookup("#rehearseButton").query().isDisabled()).isFalse();
        assertThat(robot.lookup("#runForRealButton").query().isDisabled()).isTrue();
        robot.interact(() -> {
            // room for the dock in the picture; the headless screen's size stays
            robot.lookup("#workSplit").queryAs(javafx.scene.control.SplitPane.class).setDividerPositions(0.3);
            robot.lookup("#mainSplit").queryAs(javafx.scene.control.SplitPane.class).setDividerPositions(0.85);
        });
        saveScreenshot("#rehearsalList", "console-rehearsals-tab.png");
    }

    /** Every production twin's $version and desired $version. */
    private static Map<String, String> twinVersions() throws Exception {
        Map<String, String> m = new TreeMap<>();
        QueryPageOptions options = QueryPageOptions.builder().pageSize(1000).build();
        RawQueryResponse response = seeder.queries().queryRaw("SELECT * FROM devices", options);
        while (response.hasNext()) {
            JsonNode row = JSON.readTree(response.next(options));
            m.put(row.path("deviceId").asText(), row.path("version").asText() + " " + row.path("properties")
                    .path("desired").path("$version").asText() + " " + row.path("tags"));
        }
        assertThat(m).hasSize(FLEET);
        return m;
    }

    /** With {@code -Dtwinops.screenshot.dir=DIR}, saves the window holding {@code query} as DIR/name. */
    private void saveScreenshot(String query, String name) throws Exception {
        String dir = System.getProperty("twinops.screenshot.dir");
        if (dir == null || dir.isBlank()) {
            return;
        }
        WaitForAsyncUtils.waitForFxEvents();
        Scene scene = robot.lookup(query).query().getScene();
        javafx.scene.image.WritableImage[] image = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> image[0] = scene.getRoot().snapshot(null, null));
        int w = (int) image[0].getWidth();
        int h = (int) image[0].getHeight();
        int[] argb = new int[w * h];
        image[0].getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0,
                w);
        java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(w, h,
                java.awt.image.BufferedImage.TYPE_INT_ARGB);
        png.setRGB(0, 0, w, h, argb, 0, w);
        Files.createDirectories(Path.of(dir));
        javax.imageio.ImageIO.write(png, "png", Path.of(dir, name).toFile());
    }

    private static String text(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        return node instanceof Labeled labeled && labeled.getText() != null ? labeled.getText() : "";
    }
}
