package dev.twinops.console.connection;

import dev.twinops.console.fx.ControllerFactory;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import dev.twinops.console.fx.DialogSizing;
import javafx.scene.control.Dialog;
import javafx.stage.Window;

/** Opens "Connect to Azure IoT Hub...": a fresh view model each time, so nothing typed lingers in memory. */
public final class ConnectDialog {

    public static final ButtonType CONNECT = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);

    private final ConnectionViewModel connection;
    private final String stylesheet;

    public ConnectDialog(ConnectionViewModel connection, String stylesheet) {
        this.connection = connection;
        this.stylesheet = stylesheet;
    }

    public void open(Window owner) {
        ConnectDialogViewModel model = new ConnectDialogViewModel(connection);
        ControllerFactory controllers = new ControllerFactory()
                .register(ConnectDialogController.class, () -> new ConnectDialogController(model));
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Connect to Azure IoT Hub");
        dialog.setHeaderText("Paste a service connection string (shared access policy iothubowner or service)");
        dialog.getDialogPane().setContent(controllers.load(ConnectDialog.class, "ConnectDialog.fxml"));
        DialogSizing.growWithContent(dialog);
        dialog.getDialogPane().getButtonTypes().addAll(CONNECT, ButtonType.CANCEL);
        if (stylesheet != null) {
            dialog.getDialogPane().getStylesheets().add(stylesheet);
        }
        Node connectButton = dialog.getDialogPane().lookupButton(CONNECT);
        connectButton.setId("connectButton");
        connectButton.disableProperty().bind(model.busyProperty());
        // Keep the dialog open while the hub is tried; it closes only once connected.
        connectButton.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            model.connect(dialog::close);
        });
        dialog.show();
    }
}
