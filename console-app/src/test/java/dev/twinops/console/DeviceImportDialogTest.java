package dev.twinops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import dev.twinops.console.devices.DeviceRow;
import dev.twinops.console.imports.ImportOutcome;
import dev.twinops.console.imports.ImportRow;
import dev.twinops.console.testing.Loopback;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;

/** Hub > Import devices from CSV... as an operator uses it, on the console's embedded hub. */
class DeviceImportDialogTest {

    private static final Duration UI = Duration.ofSeconds(30);
    private static final String KEY = Base64.getEncoder().encodeToString("a secret key of 32 bytes, really".getBytes());
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("another key of 32 bytes, truly!!".getBytes());

    @TempDir
    static Path home;

    private static TwinOpsApp app;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        FxToolkit.registerPrimaryStage();
        app = (TwinOpsApp) FxToolkit.setupApplication(
                () -> new TwinOpsApp(ConsoleSettings.at(home).withLocalHub(Loopback.randomAddress(), 8443)));
        FxRobot robot = new FxRobot();
        await().atMost(Duration.ofMinutes(2)).until(() -> robot.lookup("#hubStatusLabel").queryAs(Label.class)
                .getText().endsWith("connected"));
        robot.interact(() -> robot.lookup("#viewTabs").queryAs(TabPane.class).getSelectionModel().select(1));
    }

    @AfterAll
    static void stop() throws Exception {
        FxToolkit.cleanupStages();
        FxToolkit.cleanupApplication(app);
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePreviewShowsEachRowsProblemsAndTheImportedDevicesAppearInTheList() throws Exception {
        Path file = Files.writeString(home.resolve("new-devices.csv"),
                "id,tags.site,tags.ring,primaryKey,secondaryKey\n"
                        + "csv-1,plant-1,canary," + KEY + "," + OTHER_KEY + "\n"
                        + "csv-2,plant-2,broad,,\n"
                        + "csv 3,plant-2,broad,,\n"
                        + "csv-4,plant-1,broad,not-a-key,\n",
                StandardCharsets.UTF_8);

        robot.clickOn("#hubMenu").clickOn("Import devices from CSV...");
        DialogPane dialog = await().atMost(UI).until(
                () -> robot.lookup("#deviceImportDialog").tryQueryAs(DialogPane.class).orElse(null),
                pane -> pane != null && pane.getScene().getWindow().isShowing());
        Button importButton = robot.lookup("#importButton").queryButton();
        assertThat(importButton.isDisabled()).isTrue();

        // a file that is not an import file says why, in the dialog
        Path wrong = Files.writeString(home.resolve("names.csv"), "name,site\nsensor-1,plant-1\n");
        robot.clickOn("#importPathField").write(wrong.toString()).type(KeyCode.ENTER);
        Label problem = robot.lookup("#importFileProblem").queryAs(Label.class);
        await().atMost(UI).until(() -> problem.isVisible() && problem.getText().contains("column \"name\""));
        assertThat(importButton.isDisabled()).isTrue();

        TextField path = robot.lookup("#importPathField").queryAs(TextField.class);
        robot.interact(() -> path.setText(file.toString()));
        robot.clickOn("#importPreviewButton");
        TableView<ImportRow> preview = robot.lookup("#importPreviewTable").queryAs(TableView.class);
        await().atMost(UI).until(() -> preview.getItems().size() == 4);
        assertThat(problem.isVisible()).isFalse();
        assertThat(robot.lookup("#importFileLabel").queryAs(Label.class).getText())
                .isEqualTo("new-devices.csv: 4 devices, 2 rows with problems (not imported)");
        assertThat(preview.getItems().get(2).problems()).singleElement().asString().contains("has a space");
        assertThat(preview.getItems().get(3).problems())
                .containsExactly("give both keys or neither (the hub generates both)");
        // the rows that will not be sent stand out
        await().atMost(UI).until(() -> robot.from(preview).lookup(".import-problem").queryAll().size() == 2);

        robot.clickOn(importButton);
        TableView<ImportOutcome> results = robot.lookup("#importResultsTable").queryAs(TableView.class);
        await().atMost(UI).until(() -> results.isVisible() && results.getItems().size() == 4);
        assertThat(results.getItems()).extracting(o -> o.result().toString())
                .containsExactly("created", "created", "not sent", "not sent");
        assertThat(robot.lookup("#importStatusLabel").queryAs(Label.class).getText())
                .isEqualTo("Import of new-devices.csv: 2 created, 2 not sent.");
        robot.clickOn(robot.from(dialog).lookup(".button").match(
                n -> n == dialog.lookupButton(ButtonType.CLOSE)).queryButton());

        // the device list reads the hub again when the import is done
        TableView<DeviceRow> devices = robot.lookup("#deviceTable").queryAs(TableView.class);
        await().atMost(UI).until(() -> devices.getItems().stream().map(DeviceRow::deviceId).toList()
                .containsAll(java.util.List.of("csv-1", "csv-2")));
        DeviceRow first = devices.getItems().stream().filter(r -> r.deviceId().equals("csv-1")).findFirst()
                .orElseThrow();
        assertThat(first.tagsProperty().get()).contains("plant-1").contains("canary");

        // journaled like every operation, without the keys
        Path journal = home.resolve("audit").resolve("journal.jsonl");
        await().atMost(UI).until(() -> Files.exists(journal) && Files.readString(journal).contains("devices.import"));
        assertThat(Files.readString(journal)).contains("new-devices.csv").contains("csv-1")
                .doesNotContain(KEY).doesNotContain(OTHER_KEY);
    }
}
