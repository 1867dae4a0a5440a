package dev.twinops.console.rollouts;

import dev.twinops.console.operations.DeviceTargets;
import dev.twinops.console.operations.OperationsViewModel;
import javafx.fxml.FXML;
import javafx.scene.control.Button;

/**
 * "New staged rollout..." beside the operation buttons: the same targets (the selection, as a condition naming
 * its devices, or the query), enabled when the operation buttons are.
 */
public final class NewRolloutButtonController {

    private final OperationsViewModel operations;
    private final RolloutPlanDialog dialog;

    @FXML private Button newRolloutButton;

    public NewRolloutButtonController(OperationsViewModel operations, RolloutPlanDialog dialog) {
        this.operations = operations;
        this.dialog = dialog;
    }

    @FXML
    private void initialize() {
        newRolloutButton.disableProperty().bind(operations.canActProperty().not());
    }

    @FXML
    private void newRollout() {
        DeviceTargets targets = operations.targets();
        String condition = targets.isQuery() ? targets.queryCondition() : DeviceTargets.inCondition(targets.deviceIds());
        dialog.open(condition, targets.count(), targets.describe());
    }
}
