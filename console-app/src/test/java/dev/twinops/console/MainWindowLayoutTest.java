package dev.twinops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.twinops.console.testing.Loopback;
import javafx.application.Application;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.stage.Screen;
import javafx.stage.Stage;

/** The main window's size and layout, first run and between runs (headless, temporary home, embedded hub). */
class MainWindowLayoutTest {

    private static final Duration HUB_START = Duration.ofMinutes(2);

    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private String address;
    private Stage stage;
    private TwinOpsApp app;

    @BeforeEach
    void startConsole() throws Exception {
        address = Loopback.randomAddress();
        stage = FxToolkit.registerPrimaryStage();
        robot.interact(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
        app = start();
    }

    @AfterEach
    void stopConsole() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
    }

    @Test
    void theFirstWindowFitsTheScreenAndTheOperationColumnIsReadableAt1280Pixels() {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        assertThat(stage.getWidth()).isLessThanOrEqualTo(screen.getWidth()).isGreaterThan(screen.getWidth() * 0.8);
        assertThat(stage.getHeight()).isLessThanOrEqualTo(screen.getHeight()).isGreaterThan(screen.getHeight() * 0.8);

        robot.interact(() -> {
            stage.setWidth(1280);
            stage.setHeight(760);
        });
        WaitForAsyncUtils.waitForFxEvents();

        TableView<?> table = robot.lookup("#deviceTable").queryAs(TableView.class);
        TableColumn<?, ?> operation = column(table, "operationColumn");
        Node header = table.lookup("#operationColumn");
        Bounds shown = table.localToScene(table.getLayoutBounds());
        Bounds operationHeader = header.localToScene(header.getLayoutBounds());
        assertThat(operation.isVisible()).isTrue();
        assertThat(operationHeader.getMinX()).isGreaterThanOrEqualTo(shown.getMinX());
        assertThat(operationHeader.getMaxX()).isLessThanOrEqualTo(shown.getMaxX());
        assertThat(operation.getWidth()).isGreaterThanOrEqualTo(operation.getMinWidth()).isGreaterThanOrEqualTo(200);
        // before a device is selected the twin pane takes well under 40 % of the window
        Node twin = robot.lookup("#twinDetailPane").query();
        assertThat(twin.getLayoutBounds().getWidth()).isLessThan(1280 * 0.32);
    }

    @Test
    void sizePlaceDividersColumnsAndThemeComeBackAfterARestart() throws Exception {
        TableView<?> table = robot.lookup("#deviceTable").queryAs(TableView.class);
        SplitPane mainSplit = robot.lookup("#mainSplit").queryAs(SplitPane.class);
        SplitPane workSplit = robot.lookup("#workSplit").queryAs(SplitPane.class);
        robot.interact(() -> {
            stage.setX(40);
            stage.setY(30);
            stage.setWidth(1100);
            stage.setHeight(700);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            mainSplit.setDividerPositions(0.68);
            workSplit.setDividerPositions(0.45);
            moveColumn(table, "operationColumn", 1);
            column(table, "tagsColumn").setVisible(false);
        });
        robot.clickOn("#darkThemeToggle");
        WaitForAsyncUtils.waitForFxEvents();
        double deviceIdWidth = column(table, "deviceIdColumn").getWidth();
        // written while the console runs (after a quiet moment), not only when it closes
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(home.resolve("settings.json"))
                && Files.readString(home.resolve("settings.json")).contains("\"dark\""));

        FxToolkit.cleanupApplication(app);
        app = null;
        robot.interact(() -> {
            stage.hide(); // as the window closes when the console quits
            stage.setWidth(900);
            stage.setHeight(600);
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        });
        app = start();

        assertThat(stage.getX()).isEqualTo(40);
        assertThat(stage.getY()).isEqualTo(30);
        assertThat(stage.getWidth()).isEqualTo(1100);
        assertThat(stage.getHeight()).isEqualTo(700);
        TableView<?> reopened = robot.lookup("#deviceTable").queryAs(TableView.class);
        assertThat(reopened).isNotSameAs(table);
        assertThat(robot.lookup("#mainSplit").queryAs(SplitPane.class).getDividerPositions()[0]).isCloseTo(0.68, within(0.01));
        assertThat(robot.lookup("#workSplit").queryAs(SplitPane.class).getDividerPositions()[0]).isCloseTo(0.45, within(0.01));
        assertThat(reopened.getColumns().get(1).getId()).isEqualTo("operationColumn");
        assertThat(column(reopened, "tagsColumn").isVisible()).isFalse();
        assertThat(column(reopened, "deviceIdColumn").getWidth()).isCloseTo(deviceIdWidth, within(2.0));
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(new PrimerDark().getUserAgentStylesheet());
        assertThat(robot.lookup("#darkThemeToggle").queryAs(ToggleButton.class).isSelected()).isTrue();
    }

    private TwinOpsApp start() throws Exception {
        TwinOpsApp started = (TwinOpsApp) FxToolkit.setupApplication(
                () -> new TwinOpsApp(ConsoleSettings.at(home).withLocalHub(address, 8443)));
        // the hub is up before anything else, so a restart never races its start
        await().atMost(HUB_START).until(() -> robot.lookup("#hubStatusLabel").queryAs(Label.class).getText()
                .endsWith("connected"));
        WaitForAsyncUtils.waitForFxEvents();
        return started;
    }

    private static TableColumn<?, ?> column(TableView<?> table, String id) {
        return table.getColumns().stream().filter(c -> id.equals(c.getId())).findFirst().orElseThrow();
    }

    private static <S> void moveColumn(TableView<S> table, String id, int index) {
        TableColumn<S, ?> column = table.getColumns().stream().filter(c -> id.equals(c.getId())).findFirst()
                .orElseThrow();
        table.getColumns().remove(column);
        table.getColumns().add(index, column);
    }
}
