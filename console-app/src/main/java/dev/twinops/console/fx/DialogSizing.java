package dev.twinops.console.fx;

import javafx.scene.Scene;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogEvent;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Dialogs that grow with their content: a window is sized once, when it shows, so a validation message appearing
 * later would push the buttons out of it. After each layout the window grows to the pane's preferred height at its
 * width, and it cannot be made smaller than its content's minimum; the operator may still make it larger.
 */
public final class DialogSizing {

    private DialogSizing() {
    }

    /** Call before showing {@code dialog}. */
    public static void growWithContent(Dialog<?> dialog) {
        dialog.setResizable(true);
        DialogPane pane = dialog.getDialogPane();
        dialog.addEventHandler(DialogEvent.DIALOG_SHOWN, event -> {
            Scene scene = pane.getScene();
            Runnable fit = () -> fit(scene.getWindow(), pane);
            fit.run();
            scene.addPostLayoutPulseListener(fit);
            dialog.addEventHandler(DialogEvent.DIALOG_HIDDEN, hidden -> scene.removePostLayoutPulseListener(fit));
        });
    }

    private static void fit(Window window, DialogPane pane) {
        if (window == null || pane.getWidth() <= 0) {
            return;
        }
        double chromeWidth = Math.max(0, window.getWidth() - pane.getWidth());
        double chromeHeight = Math.max(0, window.getHeight() - pane.getHeight());
        double needed = pane.prefHeight(pane.getWidth());
        if (needed > pane.getHeight() + 0.5) {
            window.setHeight(Math.ceil(needed + chromeHeight));
        }
        if (window instanceof Stage stage) {
            stage.setMinWidth(Math.ceil(pane.minWidth(-1) + chromeWidth));
            stage.setMinHeight(Math.ceil(Math.min(needed, pane.minHeight(pane.getWidth())) + chromeHeight));
        }
    }
}
