package dev.twinops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import dev.twinops.console.testing.FleetSeeder;
import dev.twinops.console.testing.Loopback;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

/** The main window's shortcuts, pressed as an operator would, on the embedded hub with a few devices. */
class KeyboardShortcutsTest {

    private static final Duration UI = Duration.ofSeconds(30);

    @TempDir
    static Path home;

    private static TwinOpsApp app;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        app = (TwinOpsApp) FxToolkit.setupApplication(
                () -> new TwinOpsApp(ConsoleSettings.at(home).withLocalHub(Loopback.randomAddress(), 8443)));
        FxRobot robot = new FxRobot();
        await().atMost(Duration.ofMinutes(2)).until(() -> robot.lookup("#hubStatusLabel").queryAs(Label.class)
                .getText().endsWith("connected"));
        new FleetSeeder(app.localHub().connectionInfo()).seed("key", 0, 3, 1);
        robot.interact(stage::toFront);
    }

    @AfterAll
    static void stop() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    @Test
    void keysReachTheQueryBarTheListTheOperationsAndThePanes() {
        TableView<?> table = robot.lookup("#deviceTable").queryAs(TableView.class);
        // F5: the devices registered after the first query appear
        robot.push(KeyCode.F5);
        await().atMost(UI).until(() -> table.getItems().size() == 3);

        robot.push(KeyCode.CONTROL, KeyCode.L);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(focused()).isSameAs(robot.lookup("#queryField").queryAs(ComboBox.class));

        robot.push(KeyCode.CONTROL, KeyCode.F);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(focused()).isSameAs(robot.lookup("#quickFilterField").queryAs(TextField.class));

        robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
        robot.push(KeyCode.CONTROL, KeyCode.A);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(focused()).isSameAs(table);
        assertThat(table.getSelectionModel().getSelectedItems()).hasSize(3);

        // an operation's shortcut asks first, as its button does; Escape answers no
        robot.push(KeyCode.CONTROL, KeyCode.R);
        DialogPane confirmation = await().atMost(UI).until(
                () -> robot.lookup("#operationConfirmation").tryQueryAs(DialogPane.class).orElse(null),
                pane -> pane != null && pane.getScene().getWindow().isShowing());
        assertThat(confirmation.getContentText() + confirmation.getHeaderText()).contains("3");
        javafx.stage.Window asked = confirmation.getScene().getWindow();
        robot.push(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(asked.isShowing()).isFalse();
        assertThat(app.progressPanel().operations()).isEmpty();

        TabPane dock = robot.lookup("#dockTabs").queryAs(TabPane.class);
        int jobs = dock.getTabs().indexOf(dock.getTabs().stream().filter(t -> t.getText().equals("Jobs"))
                .findFirst().orElseThrow());
        robot.push(KeyCode.CONTROL, KeyCode.valueOf("DIGIT" + (3 + jobs)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dock.getSelectionModel().getSelectedItem().getText()).isEqualTo("Jobs");
    }

    @Test
    void tooltipsShowTheKeysAndHelpListsThemAll() {
        assertThat(robot.lookup("#refreshButton").queryAs(Button.class).getTooltip().getText()).endsWith("(F5)");
        assertThat(robot.lookup("#rebootButton").queryAs(Button.class).getTooltip().getText()).endsWith("(Ctrl+R)");
        assertThat(robot.lookup("#targetQueryToggle").queryAs(ToggleButton.class).getTooltip().getText())
                .endsWith("(Ctrl+Shift+T)");

        robot.push(KeyCode.F1);
        DialogPane list = await().atMost(UI).until(
                () -> robot.lookup("#keyboardShortcutsDialog").tryQueryAs(DialogPane.class).orElse(null),
                pane -> pane != null);
        assertThat(robot.from(list).lookup(".label").queryAllAs(Label.class)).extracting(Label::getText)
                .contains("Ctrl+L", "Go to the query bar", "F5", "Ctrl+U", "Ctrl+1", "Go to the device list",
                        "Show the Jobs tab", "F1");
        robot.push(KeyCode.ESCAPE);
    }

    private Node focused() {
        return robot.lookup("#deviceTable").query().getScene().getFocusOwner();
    }
}
