package dev.twinops.console.simulator;

import java.util.Objects;
import java.util.function.Supplier;

import dev.twinops.console.fx.ControllerFactory;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import dev.twinops.console.fx.DialogSizing;
import javafx.scene.control.Dialog;
import javafx.stage.Window;

/** Opens "Launch simulator fleet...": a fresh form; Launch starts the fleet and closes once it is under way. */
public final class SimulatorLauncherDialog {

    public static final ButtonType LAUNCH = new ButtonType("Launch", ButtonBar.ButtonData.OK_DONE);

    private final SimulatorViewModel simulator;
    private final Supplier<String> hubDescription;
    private final String stylesheet;

    /** @param hubDescription which hub the fleet will connect to, in words */
    public SimulatorLauncherDialog(SimulatorViewModel simulator, Supplier<String> hubDescription, String stylesheet) {
        this.simulator = Objects.requireNonNull(simulator);
        this.hubDescription = Objects.requireNonNull(hubDescription);
        this.stylesheet = stylesheet;
    }

    public void open(Window owner) {
        FleetLaunchForm form = new FleetLaunchForm();
        ControllerFactory controllers = new ControllerFactory().register(SimulatorLauncherController.class,
                () -> new SimulatorLauncherController(form, hubDescription.get(), simulator));
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Launch simulator fleet");
        dialog.setHeaderText("Simulated devices on the official device SDK");
        dialog.getDialogPane().setContent(controllers.load(SimulatorLauncherDialog.class, "SimulatorLauncherDialog.fxml"));
        DialogSizing.growWithContent(dialog);
        dialog.getDialogPane().getButtonTypes().addAll(LAUNCH, ButtonType.CANCEL);
        if (stylesheet != null) {
            dialog.getDialogPane().getStylesheets().add(stylesheet);
        }
        Node launch = dialog.getDialogPane().lookupButton(LAUNCH);
        launch.setId("launchFleetButton");
        launch.disableProperty().bind(simulator.busyProperty());
        launch.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume(); // the dialog closes once the fleet is under way
            FleetSpec spec = form.toSpec();
            if (spec != null) {
                simulator.launch(spec, dialog::close, problem -> { });
            }
        });
        dialog.show();
    }
}
