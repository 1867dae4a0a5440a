package dev.twinops.console.operations;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;

/** The operation buttons and the choice of targets (selection or everything the query matches). */
public final class OperationsToolbarController {

    private final OperationsViewModel operations;
    private final OperationFlow flow;

    @FXML private Button rebootButton;
    @FXML private Button factoryResetButton;
    @FXML private Button firmwareUpdateButton;
    @FXML private Button invokeMethodButton;
    @FXML private ToggleButton targetSelectionToggle;
    @FXML private ToggleButton targetQueryToggle;

    public OperationsToolbarController(OperationsViewModel operations, OperationFlow flow) {
        this.operations = operations;
        this.flow = flow;
    }

    @FXML
    private void initialize() {
        for (Button b : new Button[] {rebootButton, factoryResetButton, firmwareUpdateButton, invokeMethodButton}) {
            b.disableProperty().bind(operations.canActProperty().not());
        }
        ToggleGroup targets = new ToggleGroup();
        targetSelectionToggle.setToggleGroup(targets);
        targetQueryToggle.setToggleGroup(targets);
        targetSelectionToggle.textProperty().bind(operations.selectionTextProperty());
        targetQueryToggle.textProperty().bind(operations.matchingTextProperty());
        showMode(operations.targetModeProperty().get());
        operations.targetModeProperty().addListener((obs, old, mode) -> showMode(mode));
        targets.selectedToggleProperty().addListener((obs, old, toggle) -> {
            if (toggle == null) {
                old.setSelected(true); // one of the two is always chosen
            } else {
                operations.targetModeProperty().set(toggle == targetQueryToggle
                        ? OperationsViewModel.TargetMode.QUERY : OperationsViewModel.TargetMode.SELECTION);
            }
        });
    }

    private void showMode(OperationsViewModel.TargetMode mode) {
        (mode == OperationsViewModel.TargetMode.QUERY ? targetQueryToggle : targetSelectionToggle).setSelected(true);
    }

    @FXML
    private void reboot() {
        flow.reboot(null);
    }

    @FXML
    private void factoryReset() {
        flow.factoryReset(null);
    }

    @FXML
    private void firmwareUpdate() {
        flow.firmwareUpdate(null);
    }

    @FXML
    private void invokeMethod() {
        flow.invokeMethod(null);
    }
}
