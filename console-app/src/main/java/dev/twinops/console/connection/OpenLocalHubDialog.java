package dev.twinops.console.connection;

import dev.twinops.console.fx.ControllerFactory;
import dev.twinops.console.fx.DialogSizing;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;

/** Opens "Open a local hub...": a fresh view model each time. */
public final class OpenLocalHubDialog {

    public static final ButtonType OPEN = new ButtonType("Open", ButtonBar.ButtonData.OK_DONE);

    private final ConnectionViewModel connection;
    private final String stylesheet;

    public OpenLocalHubDialog(ConnectionViewModel connection, String stylesheet) {
        this.connection = connection;
        this.stylesheet = stylesheet;
    }

    public void open(Window owner) {
        OpenLocalHubViewModel model = new OpenLocalHubViewModel(connection);
        ControllerFactory controllers = new ControllerFactory()
                .register(OpenLocalHubController.class, () -> new OpenLocalHubController(model));
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Open a local hub");
        dialog.setHeaderText("A local hub running outside this console (hub-emulator.jar --data DIR)");
        dialog.getDialogPane().setContent(controllers.load(OpenLocalHubDialog.class, "OpenLocalHub.fxml"));
        DialogSizing.growWithContent(dialog);
        dialog.getDialogPane().getButtonTypes().addAll(OPEN, ButtonType.CANCEL);
        if (stylesheet != null) {
            dialog.getDialogPane().getStylesheets().add(stylesheet);
        }
        Node openButton = dialog.getDialogPane().lookupButton(OPEN);
        openButton.setId("openLocalHubButton");
        openButton.disableProperty().bind(model.busyProperty());
        // Keep the dialog open while the hub is tried; it closes only once the hub answers.
        openButton.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            model.open(dialog::close);
        });
        dialog.show();
    }
}
