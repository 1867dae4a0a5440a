package dev.twinops.console.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import dev.twinops.console.storage.PreferencesFile;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/** Divider positions come back even for a pane that joins its scene after the window is shown (a tab's content). */
class WindowMemoryTest {

    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();

    @AfterEach
    void closeStages() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void aSplitPaneRememberedBeforeItIsInASceneGetsItsSavedDividersWhenItJoinsOne() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        PreferencesFile preferences = new PreferencesFile(home.resolve("settings.json"));
        preferences.load();
        preferences.update(p -> p.withDividers("workSplit", List.of(0.3)));
        WindowMemory memory = new WindowMemory(preferences);
        SplitPane pane = new SplitPane(new Pane(), new Pane());
        pane.setId("workSplit");
        StackPane root = new StackPane();

        robot.interact(() -> {
            memory.remember(pane); // not in any scene yet: must not throw
            stage.setScene(new Scene(root, 800, 400));
            stage.show();
        });
        robot.interact(() -> root.getChildren().add(pane));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(pane.getDividerPositions()[0]).isCloseTo(0.3, within(0.01));

        robot.interact(() -> pane.setDividerPositions(0.6));
        assertThat(preferences.current().dividers().get("workSplit").get(0)).isCloseTo(0.6, within(0.01));
    }
}
