package dev.twinops.console.rollouts;

import java.util.List;

import dev.twinops.rollout.plan.FailureAction;
import dev.twinops.rollout.plan.OperationType;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** The plan dialog's content: binds the fields and the waves table to {@link RolloutPlanForm}. */
public final class RolloutPlanDialogController {

    private static final List<String> HEADERS = List.of("Name", "Devices by", "Count / % / condition", "Success %",
            "Fail count", "Fail %", "Min finished", "On failure", "Deadline min", "Soak s", "Rate /min", "Approval", "");
    private static final List<String> HELP = List.of("Shown in the view and the journal",
            "A count of devices, a percentage of the target, a twin query condition, or the rest (last wave only)",
            "The count, the percentage or the condition",
            "Share of the wave that must reach the target by the deadline before the next wave starts",
            "Failed devices that stop the rollout", "Share of the wave failed that stops the rollout",
            "Devices finished before the failure threshold applies", "Pause or abort when the failure threshold is reached",
            "Time a device has to reach the target state", "Wait after a successful wave before the next",
            "Devices started per minute (empty: all at once)", "An operator approves the wave before it starts", "");

    private final RolloutPlanForm form;
    private final Runnable contentChanged;

    @FXML private TextField rolloutNameField;
    @FXML private TextField rolloutTargetField;
    @FXML private Label targetMessageLabel;
    @FXML private ToggleGroup operationGroup;
    @FXML private RadioButton opFirmwareRadio;
    @FXML private RadioButton opRebootRadio;
    @FXML private RadioButton opMethodRadio;
    @FXML private VBox firmwareBox;
    @FXML private VBox methodBox;
    @FXML private TextField rolloutMethodField;
    @FXML private TextArea rolloutPayloadArea;
    @FXML private Label methodMessageLabel;
    @FXML private GridPane wavesGrid;
    @FXML private Label planSummaryLabel;
    @FXML private Label planMessageLabel;

    /** @param contentChanged told when rows or messages come and go, so the dialog can grow with its content */
    public RolloutPlanDialogController(RolloutPlanForm form, Runnable contentChanged) {
        this.form = form;
        this.contentChanged = contentChanged;
    }

    @FXML
    private void initialize() {
        rolloutNameField.textProperty().bindBidirectional(form.nameProperty());
        rolloutTargetField.textProperty().bindBidirectional(form.targetProperty());
        rolloutMethodField.textProperty().bindBidirectional(form.methodNameProperty());
        rolloutPayloadArea.textProperty().bindBidirectional(form.payloadProperty());
        bindMessage(targetMessageLabel, form.targetMessageProperty());
        bindMessage(methodMessageLabel, form.methodMessageProperty());
        bindMessage(planMessageLabel, form.planMessageProperty());
        planSummaryLabel.textProperty().bind(form.summaryProperty());
        RadioButton chosen = switch (form.operationProperty().get()) {
            case REBOOT -> opRebootRadio;
            case METHOD -> opMethodRadio;
            default -> opFirmwareRadio;
        };
        chosen.setSelected(true);
        operationGroup.selectedToggleProperty().addListener((obs, old, toggle) -> {
            if (toggle == null) {
                old.setSelected(true);
                return;
            }
            form.operationProperty().set(toggle == opRebootRadio ? OperationType.REBOOT
                    : toggle == opMethodRadio ? OperationType.METHOD : OperationType.FIRMWARE_UPDATE);
            contentChanged.run();
        });
        firmwareBox.visibleProperty().bind(opFirmwareRadio.selectedProperty());
        firmwareBox.managedProperty().bind(firmwareBox.visibleProperty());
        methodBox.visibleProperty().bind(opMethodRadio.selectedProperty());
        methodBox.managedProperty().bind(methodBox.visibleProperty());
        form.waves().addListener((ListChangeListener<WaveForm>) c -> {
            boolean structural = false;
            while (c.next()) {
                structural |= c.wasAdded() || c.wasRemoved();
            }
            if (structural) {
                buildWaves();
                contentChanged.run();
            }
        });
        buildWaves();
    }

    private void bindMessage(Label label, ObservableStringValue message) {
        label.textProperty().bind(message);
        label.visibleProperty().bind(Bindings.isNotEmpty(message));
        label.managedProperty().bind(label.visibleProperty());
        message.addListener((obs, old, now) -> contentChanged.run());
    }

    /** One grid row per wave, and under it the wave's message. */
    private void buildWaves() {
        wavesGrid.getChildren().clear();
        for (int c = 0; c < HEADERS.size(); c++) {
            Label header = new Label(HEADERS.get(c));
            header.getStyleClass().add("grid-header");
            if (!HELP.get(c).isEmpty()) {
                header.setTooltip(new Tooltip(HELP.get(c)));
            }
            wavesGrid.add(header, c, 0);
        }
        int row = 1;
        for (int i = 0; i < form.waves().size(); i++) {
            WaveForm w = form.waves().get(i);
            String id = "wave" + i;
            ComboBox<WaveForm.Kind> kind = new ComboBox<>(FXCollections.observableArrayList(WaveForm.Kind.values()));
            kind.valueProperty().bindBidirectional(w.kindProperty());
            ComboBox<FailureAction> action = new ComboBox<>(FXCollections.observableArrayList(FailureAction.values()));
            action.valueProperty().bindBidirectional(w.actionProperty());
            CheckBox approval = new CheckBox();
            approval.selectedProperty().bindBidirectional(w.approvalProperty());
            Button remove = new Button("Remove");
            remove.setOnAction(e -> form.removeWave(w));
            remove.disableProperty().bind(Bindings.size(form.waves()).lessThan(2));
            TextField value = field(w.valueProperty(), 150);
            value.disableProperty().bind(w.kindProperty().isEqualTo(WaveForm.Kind.REST));
            Node[] cells = {field(w.nameProperty(), 80), kind, value, field(w.successThresholdProperty(), 54),
                    field(w.failureCountProperty(), 54), field(w.failurePercentProperty(), 54),
                    field(w.minFinishedProperty(), 54), action, field(w.deadlineMinutesProperty(), 54),
                    field(w.soakSecondsProperty(), 54), field(w.ratePerMinuteProperty(), 54), approval, remove};
            String[] ids = {"Name", "Kind", "Value", "Success", "FailCount", "FailPercent", "MinFinished", "Action",
                    "Deadline", "Soak", "Rate", "Approval", "Remove"};
            for (int c = 0; c < cells.length; c++) {
                cells[c].setId(id + ids[c]);
                wavesGrid.add(cells[c], c, row);
            }
            Label message = new Label();
            message.setId(id + "Message");
            message.getStyleClass().add("field-error");
            message.setWrapText(true);
            bindMessage(message, w.messageProperty());
            wavesGrid.add(message, 0, row + 1, HEADERS.size(), 1);
            row += 2;
        }
    }

    private static TextField field(StringProperty property, double width) {
        TextField f = new TextField();
        f.setPrefWidth(width);
        f.textProperty().bindBidirectional(property);
        return f;
    }

    @FXML
    private void addWave() {
        form.addWave();
    }
}
