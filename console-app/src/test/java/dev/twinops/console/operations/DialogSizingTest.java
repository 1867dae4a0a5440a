package dev.twinops.console.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import dev.twinops.console.tasks.ExecutorTaskRunner;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Dialogs grow with their content: validation messages never push the buttons out of the window. */
class DialogSizingTest {

    private final FxRobot robot = new FxRobot();
    private Stage owner;

    @BeforeEach
    void showAnOwner() throws Exception {
        FxToolkit.registerPrimaryStage();
        owner = FxToolkit.setupStage(stage -> {
            stage.setScene(new Scene(new StackPane(new Label("main window")), 1280, 760));
            stage.show();
        });
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void theFirmwareDialogsMessagesKeepUpdateAndCancelInside() {
        Executor now = Runnable::run;
        FirmwareUpdateForm form = new FirmwareUpdateForm(PackageDigest::sha256, new ExecutorTaskRunner(now, now), false);
        robot.interact(() -> new OperationDialogs(owner, null).showForm(form, "12 selected devices",
                () -> form.toRequest() != null, () -> null));
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        Window dialog = pane.getScene().getWindow();
        double heightBefore = dialog.getHeight();

        robot.interact(() -> form.urlProperty().set("ftp://nowhere"));
        robot.clickOn("#sendFirmwareUpdateButton"); // every field is wrong: a message under each
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(form.urlMessageProperty().get()).isNotEmpty();
        assertThat(form.checksumMessageProperty().get()).isNotEmpty();
        assertThat(form.versionMessageProperty().get()).isNotEmpty();
        assertThat(dialog.isShowing()).isTrue();
        assertThat(dialog.getHeight()).isGreaterThan(heightBefore);
        assertInside(pane.lookupButton(OperationDialogs.UPDATE), dialog);
        assertInside(pane.lookupButton(ButtonType.CANCEL), dialog);
        assertInside(robot.lookup("#formCodeButton").query(), dialog);
        assertInside(robot.lookup("#versionMessageLabel").query(), dialog);
        // and it cannot be made smaller than that
        assertThat(((Stage) dialog).getMinHeight()).isGreaterThan(heightBefore - 1);
    }

    @Test
    void tabGoesThroughTheFirmwareDialogInReadingOrderThenToItsButtons() {
        Executor now = Runnable::run;
        FirmwareUpdateForm form = new FirmwareUpdateForm(PackageDigest::sha256, new ExecutorTaskRunner(now, now), false);
        robot.interact(() -> new OperationDialogs(owner, null).showForm(form, "12 selected devices",
                () -> form.toRequest() != null, () -> null));
        robot.clickOn("#packageUrlField");
        List<String> order = new ArrayList<>();
        List<Double> buttonsX = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            robot.push(KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
            Node focused = robot.lookup(".dialog-pane").query().getScene().getFocusOwner();
            order.add(focused.getId() != null ? focused.getId() : ((Labeled) focused).getText());
            if (i >= 2) {
                buttonsX.add(focused.localToScreen(focused.getLayoutBounds()).getMinX());
            }
        }
        // the fields top to bottom, then the buttons left to right (Copy as code on the left, then the platform's
        // order of Update and Cancel)
        assertThat(order.subList(0, 2)).containsExactly("checksumField", "versionField");
        assertThat(order.get(2)).isEqualTo("formCodeButton");
        assertThat(order.subList(3, 5)).containsExactlyInAnyOrder("sendFirmwareUpdateButton", "Cancel");
        assertThat(buttonsX).isSorted();
    }

    private static void assertInside(Node node, Window window) {
        Bounds bounds = node.localToScreen(node.getLayoutBounds());
        assertThat(node.isVisible()).isTrue();
        assertThat(bounds.getMinX()).isGreaterThanOrEqualTo(window.getX());
        assertThat(bounds.getMinY()).isGreaterThanOrEqualTo(window.getY());
        assertThat(bounds.getMaxX()).isLessThanOrEqualTo(window.getX() + window.getWidth());
        assertThat(bounds.getMaxY()).isLessThanOrEqualTo(window.getY() + window.getHeight());
    }
}
