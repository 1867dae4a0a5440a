package dev.twinops.console.progress;

import java.util.HashMap;
import java.util.Map;

import dev.twinops.console.fx.ControllerFactory;
import dev.twinops.console.operations.HubTierSetting;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The progress panel: one entry per operation, newest on top, plus the hub tier that paces progress queries. */
public final class ProgressPanelController {

    private final ProgressPanelViewModel panel;
    private final HubTierSetting tier;
    private final Map<OperationProgressViewModel, Node> entries = new HashMap<>();

    @FXML private Label operationsSummaryLabel;
    @FXML private ComboBox<String> hubTierChoice;
    @FXML private Label hubTierProblemLabel;
    @FXML private Button clearFinishedButton;
    @FXML private VBox operationsBox;

    public ProgressPanelController(ProgressPanelViewModel panel, HubTierSetting tier) {
        this.panel = panel;
        this.tier = tier;
    }

    @FXML
    private void initialize() {
        operationsSummaryLabel.textProperty().bind(Bindings.createStringBinding(() -> panel.operations().isEmpty()
                ? "No operations yet: select devices, then Reboot, Firmware update... or another operation."
                : panel.operations().size() + (panel.operations().size() == 1 ? " operation" : " operations"),
                panel.operations()));
        hubTierChoice.getItems().setAll("unlimited", "F1", "S1", "S2", "S3");
        hubTierChoice.setValue(tier.tier().code());
        tier.tierProperty().addListener((obs, old, now) -> hubTierChoice.setValue(now.code()));
        hubTierChoice.setOnAction(e -> {
            String text = hubTierChoice.getValue();
            if (text != null && !text.equals(tier.tier().code()) && !tier.choose(text)) {
                hubTierChoice.setValue(tier.tier().code());
            }
        });
        hubTierProblemLabel.textProperty().bind(tier.problemProperty());
        hubTierChoice.disableProperty().bind(tier.statedByHubProperty()); // the hub says its own tier
        clearFinishedButton.disableProperty().bind(Bindings.isEmpty(panel.operations()));
        panel.operations().forEach(this::add);
        panel.operations().addListener((ListChangeListener<OperationProgressViewModel>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(op -> operationsBox.getChildren().remove(entries.remove(op)));
                c.getAddedSubList().forEach(this::add);
            }
        });
    }

    private void add(OperationProgressViewModel operation) {
        ControllerFactory controllers = new ControllerFactory().register(OperationEntryController.class,
                () -> new OperationEntryController(operation, panel));
        Node entry = controllers.load(ProgressPanelController.class, "OperationEntry.fxml");
        entries.put(operation, entry);
        operationsBox.getChildren().add(Math.min(panel.operations().indexOf(operation), operationsBox.getChildren().size()),
                entry);
    }

    @FXML
    private void clearFinished() {
        panel.clearFinished();
    }
}
