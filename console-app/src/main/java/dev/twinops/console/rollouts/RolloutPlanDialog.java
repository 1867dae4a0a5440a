package dev.twinops.console.rollouts;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.twinops.console.fx.ControllerFactory;
import dev.twinops.console.operations.FirmwareUpdateDialogController;
import dev.twinops.console.operations.FirmwareUpdateForm;
import dev.twinops.rollout.plan.RolloutPlan;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;

/**
 * The "New staged rollout" dialog: the plan form in a resizable dialog that grows with its rows and messages, so
 * its buttons are never cut off. "Start rollout" checks the plan; a valid one is handed to the Rollouts tab.
 */
public final class RolloutPlanDialog {

    public static final ButtonType START = new ButtonType("Start rollout", ButtonBar.ButtonData.OK_DONE);

    private final Supplier<Window> owner;
    private final String stylesheet;
    private final Supplier<FirmwareUpdateForm> firmwareForms;
    private final RolloutsViewModel rollouts;
    private final Runnable showRollouts;

    /**
     * @param firmwareForms a fresh firmware form for each dialog (the firmware dialog's own)
     * @param showRollouts  brings the Rollouts tab forward once a rollout starts
     */
    public RolloutPlanDialog(Supplier<Window> owner, String stylesheet, Supplier<FirmwareUpdateForm> firmwareForms,
                             RolloutsViewModel rollouts, Runnable showRollouts) {
        this.owner = Objects.requireNonNull(owner);
        this.stylesheet = stylesheet;
        this.firmwareForms = Objects.requireNonNull(firmwareForms);
        this.rollouts = Objects.requireNonNull(rollouts);
        this.showRollouts = Objects.requireNonNull(showRollouts);
    }

    /** Opens the dialog for the devices matching {@code condition} ({@code count} of them when it opened). */
    public RolloutPlanForm open(String condition, long count, String targetsInWords) {
        return open(condition, count, targetsInWords, "New staged rollout", plan -> {
            rollouts.create(plan);
            showRollouts.run();
        });
    }

    /**
     * The same dialog with its own title, handing a valid plan to {@code start} (e.g. a rehearsal, which records the
     * rollout it starts) instead of starting it here: {@code onPlan} gets it.
     */
    public RolloutPlanForm open(String condition, long count, String targetsInWords, String title,
                                Consumer<RolloutPlan> onPlan) {
        RolloutPlanForm form = new RolloutPlanForm(firmwareForms.get(), condition, count);
        Dialog<Void> dialog = new Dialog<>();
        Runnable grow = () -> Platform.runLater(() -> {
            Window w = dialog.getDialogPane().getScene() == null ? null : dialog.getDialogPane().getScene().getWindow();
            if (w != null) {
                w.sizeToScene();
            }
        });
        ControllerFactory controllers = new ControllerFactory()
                .register(RolloutPlanDialogController.class, () -> new RolloutPlanDialogController(form, grow))
                .register(FirmwareUpdateDialogController.class,
                        () -> new FirmwareUpdateDialogController(form.firmware(), targetsInWords));
        dialog.initOwner(owner.get());
        dialog.setTitle(title);
        dialog.setHeaderText("Roll out in waves, stopping by itself when a wave fails");
        dialog.setResizable(true);
        dialog.getDialogPane().setContent(controllers.load(RolloutPlanDialog.class, "RolloutPlanDialog.fxml"));
        dialog.getDialogPane().getButtonTypes().addAll(START, ButtonType.CANCEL);
        dialog.getDialogPane().setId("rolloutPlanDialog");
        if (stylesheet != null) {
            dialog.getDialogPane().getStylesheets().add(stylesheet);
        }
        Node start = dialog.getDialogPane().lookupButton(START);
        start.setId("startRolloutButton");
        start.addEventFilter(ActionEvent.ACTION, event -> {
            RolloutPlan plan = form.toPlan();
            if (plan == null) {
                event.consume(); // each problem is shown next to its field
                grow.run();
                return;
            }
            onPlan.accept(plan);
        });
        dialog.show();
        return form;
    }
}
