package dev.twinops.console.progress;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** One operation in the progress panel: binds to its {@link OperationProgressViewModel}. */
public final class OperationEntryController {

    private final OperationProgressViewModel operation;
    private final ProgressPanelViewModel panel;

    @FXML private Label operationTitle;
    @FXML private Label operationElapsed;
    @FXML private Button retryFailedButton;
    @FXML private Button dismissButton;
    @FXML private ProgressBar overallBar;
    @FXML private Label operationCounts;
    @FXML private Label operationPhases;
    @FXML private Label operationJob;
    @FXML private Label operationMessage;
    @FXML private TableView<FailedDevice> failedDevicesTable;
    @FXML private TableColumn<FailedDevice, String> failedDeviceColumn;
    @FXML private TableColumn<FailedDevice, String> failedReasonColumn;

    public OperationEntryController(OperationProgressViewModel operation, ProgressPanelViewModel panel) {
        this.operation = operation;
        this.panel = panel;
    }

    @FXML
    private void initialize() {
        operationTitle.textProperty().bind(operation.titleProperty());
        operationElapsed.textProperty().bind(operation.elapsedTextProperty());
        overallBar.progressProperty().bind(operation.overallProperty());
        operationCounts.textProperty().bind(operation.countsTextProperty());
        operationPhases.textProperty().bind(operation.phasesTextProperty());
        showWhenSet(operationJob, operation.jobTextProperty());
        showWhenSet(operationMessage, operation.messageProperty());
        failedDeviceColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().deviceId()));
        failedReasonColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(
                (c.getValue().stuck() ? "stuck: " : "") + c.getValue().reason()));
        failedDevicesTable.setItems(operation.failures());
        failedDevicesTable.visibleProperty().bind(Bindings.isNotEmpty(operation.failures()));
        failedDevicesTable.managedProperty().bind(failedDevicesTable.visibleProperty());
        retryFailedButton.visibleProperty().bind(Bindings.isNotEmpty(operation.failures()));
        retryFailedButton.managedProperty().bind(retryFailedButton.visibleProperty());
        operation.finishedProperty().addListener((obs, was, finished) -> updateStyle());
        operation.failedProperty().addListener((obs, was, n) -> updateStyle());
        operation.stuckProperty().addListener((obs, was, n) -> updateStyle());
        updateStyle();
    }

    private void updateStyle() {
        boolean problems = operation.failedProperty().get() + operation.stuckProperty().get() > 0;
        overallBar.getStyleClass().removeAll("succeeded", "with-failures");
        if (problems) {
            overallBar.getStyleClass().add("with-failures");
        } else if (operation.finishedProperty().get()) {
            overallBar.getStyleClass().add("succeeded");
        }
    }

    private static void showWhenSet(Label label, javafx.beans.value.ObservableStringValue text) {
        label.textProperty().bind(text);
        label.visibleProperty().bind(Bindings.isNotEmpty(text));
        label.managedProperty().bind(label.visibleProperty());
    }

    @FXML
    private void retryFailed() {
        panel.retryFailed(operation);
    }

    @FXML
    private void dismiss() {
        panel.dismiss(operation);
    }
}
