package dev.twinops.console.simulator;

import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

/** The status bar's simulator part: the fleet coming online, and a button to stop it. */
public final class FleetStatusController {

    private final SimulatorViewModel simulator;

    @FXML private HBox fleetStatus;
    @FXML private Label fleetStatusLabel;
    @FXML private Button stopFleetButton;

    public FleetStatusController(SimulatorViewModel simulator) {
        this.simulator = simulator;
    }

    @FXML
    private void initialize() {
        fleetStatusLabel.textProperty().bind(simulator.statusProperty());
        fleetStatus.visibleProperty().bind(Bindings.isNotEmpty(simulator.statusProperty()));
        fleetStatus.managedProperty().bind(fleetStatus.visibleProperty());
        stopFleetButton.visibleProperty().bind(simulator.runningProperty());
        stopFleetButton.disableProperty().bind(simulator.busyProperty());
    }

    @FXML
    private void stop() {
        simulator.stop();
    }
}
