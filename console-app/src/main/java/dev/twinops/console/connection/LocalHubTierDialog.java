package dev.twinops.console.connection;

import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.twinops.console.fx.DialogSizing;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * Opens "Local hub tier...": tier and units, and on Apply (after a confirmation when a fleet or a rollout runs on
 * the hub) the embedded hub restarts with that tier's throttling. Small enough to build in code.
 */
public final class LocalHubTierDialog {

    public static final ButtonType APPLY = new ButtonType("Restart with this tier", ButtonBar.ButtonData.OK_DONE);

    private final ConnectionViewModel connection;
    private final Supplier<LocalHubTier> current;
    private final Supplier<String> runningOnLocalHub;
    private final Consumer<LocalHubTier> remember;
    private final String stylesheet;

    public LocalHubTierDialog(ConnectionViewModel connection, Supplier<LocalHubTier> current,
                              Supplier<String> runningOnLocalHub, Consumer<LocalHubTier> remember, String stylesheet) {
        this.connection = connection;
        this.current = current;
        this.runningOnLocalHub = runningOnLocalHub;
        this.remember = remember;
        this.stylesheet = stylesheet;
    }

    public void open(Window owner) {
        LocalHubTierViewModel model = new LocalHubTierViewModel(connection, current.get(), runningOnLocalHub, remember);
        ComboBox<String> tiers = new ComboBox<>();
        tiers.setId("localHubTierChoice");
        tiers.getItems().setAll(LocalHubTierViewModel.TIERS);
        tiers.valueProperty().bindBidirectional(model.tierNameProperty());
        Spinner<Integer> units = new Spinner<>();
        units.setId("localHubUnits");
        units.setEditable(true);
        SpinnerValueFactory.IntegerSpinnerValueFactory range =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(1, model.maxUnitsProperty().get(), model.unitsProperty().get());
        range.maxProperty().bind(model.maxUnitsProperty());
        range.valueProperty().addListener((obs, old, value) -> {
            if (value != null) {
                model.unitsProperty().set(value);
            }
        });
        model.unitsProperty().addListener((obs, old, value) -> range.setValue(value.intValue()));
        units.setValueFactory(range);
        units.disableProperty().bind(model.unitsApplyProperty().not());
        Label note = new Label("The local hub applies IoT Hub's published limits for this tier (429 beyond them), "
                + "states it in its connection.json, and the console paces itself by it. Applying restarts the "
                + "local hub (same data and address) and is remembered for the next start.");
        note.setWrapText(true);
        note.setMaxWidth(460);
        Label limits = new Label();
        limits.setId("localHubTierLimits");
        limits.setWrapText(true);
        limits.setMaxWidth(460);
        limits.textProperty().bind(model.limitsProperty());
        note.getStyleClass().add("connection-summary");
        Label warning = new Label();
        warning.setId("localHubTierWarning");
        warning.getStyleClass().add("connect-problem");
        warning.setWrapText(true);
        warning.setMaxWidth(460);
        warning.textProperty().bind(model.warningProperty());

        GridPane grid = new GridPane();
        grid.getStyleClass().add("connect-dialog");
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(8, 14, 8, 14));
        grid.addRow(0, new Label("Tier"), tiers);
        grid.addRow(1, new Label("Units"), units);
        grid.add(limits, 0, 2, 2, 1);
        grid.add(note, 0, 3, 2, 1);
        grid.add(warning, 0, 4, 2, 1);

        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Local hub tier");
        dialog.setHeaderText("Which IoT Hub tier the embedded local hub plays");
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(APPLY, ButtonType.CANCEL);
        if (stylesheet != null) {
            dialog.getDialogPane().getStylesheets().add(stylesheet);
        }
        DialogSizing.growWithContent(dialog);
        dialog.getDialogPane().lookupButton(APPLY).setId("applyLocalHubTierButton");
        dialog.setOnHidden(e -> {
            if (dialog.getResult() != APPLY) {
                return;
            }
            if (!model.warningProperty().get().isEmpty() && !confirmed(owner, model)) {
                return;
            }
            model.apply();
        });
        dialog.show();
    }

    private boolean confirmed(Window owner, LocalHubTierViewModel model) {
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, model.warningProperty().get()
                + "\n\nRestart the local hub as " + model.chosen().describe() + " now?", ButtonType.OK, ButtonType.CANCEL);
        confirm.initOwner(owner);
        confirm.setHeaderText("Restart the local hub");
        DialogSizing.growWithContent(confirm);
        return confirm.showAndWait().filter(ButtonType.OK::equals).isPresent();
    }
}
