package dev.twinops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    @TempDir
    static Path home;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        new TwinOpsApp(new ConsoleSettings(home, ConsoleSettings.Theme.LIGHT)).start(stage);
    }

    @Test
    void windowIsTitledTwinOps() {
        assertThat(stage.getTitle()).isEqualTo("TwinOps");
        assertThat(stage.isShowing()).isTrue();
    }

    @Test
    void deviceTableShowsTheColumnsAnOperatorNeeds(FxRobot robot) {
        TableView<?> table = robot.lookup("#deviceTable").queryTableView();
        List<String> headers = table.getColumns().stream().map(TableColumn::getText).toList();
        assertThat(headers).containsExactly(
                "Device ID", "Connection", "Status", "Firmware", "Last activity", "Tags", "Operation");
        assertThat(robot.lookup(".column-header .label").queryAllAs(Label.class))
                .extracting(Label::getText)
                .contains("Device ID", "Last activity", "Operation");
    }

    @Test
    void statusBarSaysWhichHubAndHowManyDevices(FxRobot robot) {
        assertThat(robot.lookup("#hubStatusLabel").queryAs(Label.class).getText()).isEqualTo("No hub connected");
        assertThat(robot.lookup("#deviceCountLabel").queryAs(Label.class).getText()).isEqualTo("0 devices");
    }
}
