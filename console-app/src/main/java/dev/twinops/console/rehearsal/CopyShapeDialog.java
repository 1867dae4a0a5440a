package dev.twinops.console.rehearsal;

import java.util.function.Supplier;

import dev.twinops.console.fx.ControllerFactory;
import dev.twinops.console.fx.DialogSizing;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;

/**
 * "Copy fleet shape to a rehearsal hub...": the copy form in a dialog that stays open through the estimate and the
 * copy; Copy is enabled only once the estimate for the current inputs is shown.
 */
public final class CopyShapeDialog {

    public static final ButtonType COPY = new ButtonType("Copy", ButtonBar.ButtonData.OK_DONE);

    private final Supplier<CopyShapeViewModel> models;
    private final String stylesheet;

    /** @param models a fresh view model for the hub in use, or null when there is nothing to copy from */
    public CopyShapeDialog(Supplier<CopyShapeViewModel> models, String stylesheet) {
        this.models = models;
        this.stylesheet = stylesheet;
    }

    public void open(Window owner) {
        CopyShapeViewModel model = models.get();
        if (model == null) {
            return; // the Rehearsals tab says why
        }
        ControllerFactory controllers = new ControllerFactory()
                .register(CopyShapeController.class, () -> new CopyShapeController(model));
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Copy fleet shape to a rehearsal hub");
        dialog.setHeaderText("Copy the shape of a fleet to the console's local hub to rehearse a rollout on it");
        dialog.getDialogPane().setContent(controllers.load(CopyShapeDialog.class, "CopyShape.fxml"));
        dialog.getDialogPane().setId("copyShapeDialog");
        DialogSizing.growWithContent(dialog);
        dialog.getDialogPane().getButtonTypes().addAll(COPY, ButtonType.CLOSE);
        if (stylesheet != null) {
            dialog.getDialogPane().getStylesheets().add(stylesheet);
        }
        Node copyButton = dialog.getDialogPane().lookupButton(COPY);
        copyButton.setId("copyShapeButton");
        copyButton.disableProperty().bind(model.estimatedProperty().not().or(model.busyProperty())
                .or(model.doneProperty()));
        copyButton.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume(); // stays open to show progress and the result
            model.copy();
        });
        dialog.show();
    }
}
