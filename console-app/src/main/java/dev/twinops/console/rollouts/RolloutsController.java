package dev.twinops.console.rollouts;

import java.io.File;
import java.util.List;

import dev.twinops.rollout.engine.RolloutStatus;
import dev.twinops.rollout.engine.WaveStatus;
import dev.twinops.rollout.plan.FailureThreshold;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The Rollouts tab: binds the list, the selected rollout's waves and texts, and the commands to the view model. */
public final class RolloutsController {

    private final RolloutsViewModel rollouts;

    @FXML private Tab rolloutsTab;
    @FXML private ListView<RolloutItem> rolloutList;
    @FXML private Label rolloutProblemLabel;
    @FXML private VBox rolloutDetail;
    @FXML private Label rolloutTitleLabel;
    @FXML private Label rolloutHeadlineLabel;
    @FXML private Label rolloutNoteLabel;
    @FXML private FlowPane waveBars;
    @FXML private FlowPane waveLegend;
    @FXML private Label rolloutCountsLabel;
    @FXML private Label rolloutThresholdsLabel;
    @FXML private Label rolloutFailuresLabel;
    @FXML private Label rolloutEtaLabel;
    @FXML private Label rolloutPacingLabel;
    @FXML private Button pauseRolloutButton;
    @FXML private Button resumeRolloutButton;
    @FXML private Button approveWaveButton;
    @FXML private Button retryRolloutButton;
    @FXML private Button abortRolloutButton;
    @FXML private Button exportCsvButton;
    @FXML private Button exportJsonButton;
    @FXML private Label rolloutMessageLabel;

    public RolloutsController(RolloutsViewModel rollouts) {
        this.rollouts = rollouts;
    }

    @FXML
    private void initialize() {
        rolloutList.setItems(rollouts.rollouts());
        rolloutList.setPlaceholder(new Label("No rollout on this hub yet: choose devices, then \"New staged "
                + "rollout...\"."));
        rolloutList.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(RolloutItem item, boolean empty) {
                super.updateItem(item, empty);
                textProperty().unbind();
                if (empty || item == null) {
                    setText(null);
                } else {
                    textProperty().bind(item.textProperty());
                }
            }
        });
        rolloutList.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (item != null) {
                rollouts.selectedProperty().set(item);
            }
        });
        rollouts.selectedProperty().addListener((obs, old, item) -> rolloutList.getSelectionModel().select(item));
        rolloutProblemLabel.textProperty().bind(rollouts.problemProperty());
        rolloutProblemLabel.visibleProperty().bind(rollouts.problemProperty().isNotEmpty());
        rolloutProblemLabel.managedProperty().bind(rolloutProblemLabel.visibleProperty());
        rolloutDetail.visibleProperty().bind(rollouts.entryProperty().isNotNull());
        waveLegend.getChildren().setAll(WaveBar.legendNodes());
        pauseRolloutButton.disableProperty().bind(rollouts.canPauseProperty().not());
        resumeRolloutButton.disableProperty().bind(rollouts.canResumeProperty().not());
        approveWaveButton.disableProperty().bind(rollouts.canApproveProperty().not());
        retryRolloutButton.disableProperty().bind(rollouts.canRetryProperty().not());
        abortRolloutButton.disableProperty().bind(rollouts.canAbortProperty().not());
        exportCsvButton.disableProperty().bind(rollouts.entryProperty().isNull());
        exportJsonButton.disableProperty().bind(rollouts.entryProperty().isNull());
        rolloutMessageLabel.textProperty().bind(rollouts.messageProperty());
        rolloutMessageLabel.visibleProperty().bind(Bindings.isNotEmpty(rollouts.messageProperty()));
        rollouts.entryProperty().addListener((obs, old, entry) -> show(entry));
        show(rollouts.entryProperty().get());
    }

    private void show(RolloutSupervisor.Entry entry) {
        if (entry == null) {
            waveBars.getChildren().clear();
            return;
        }
        RolloutStatus s = entry.status();
        rolloutTitleLabel.setText(RolloutsViewModel.title(entry));
        rolloutHeadlineLabel.setText(RolloutsViewModel.headline(entry));
        rolloutHeadlineLabel.getStyleClass().removeIf(c -> c.startsWith("phase-"));
        rolloutHeadlineLabel.getStyleClass().add("phase-" + s.phase().name().toLowerCase());
        rolloutNoteLabel.setText(RolloutsViewModel.runningNote(entry));
        List<FailureThreshold> failures = entry.failureThresholds();
        waveBars.getChildren().clear();
        for (WaveStatus w : s.waves()) {
            waveBars.getChildren().add(new WaveBar(w, w.index() < failures.size() ? failures.get(w.index()) : null,
                    w.index() == s.currentWave() && !s.phase().isTerminal()));
        }
        WaveStatus current = s.current();
        rolloutCountsLabel.setText(current == null ? "" : "Wave " + (current.index() + 1) + " (" + current.name()
                + "): " + RolloutsViewModel.countsLine(current.counts()));
        rolloutThresholdsLabel.setText(current == null ? "" : "Success threshold "
                + dev.twinops.rollout.plan.Percent.format(current.successThreshold()) + " of the wave; it stops at "
                + current.failureThreshold() + ".");
        rolloutFailuresLabel.setText("Failed devices by reason: "
                + RolloutsViewModel.failuresLine(entry.failuresByCode()));
        rolloutEtaLabel.setText(rollouts.etaLine(entry));
        rolloutPacingLabel.setText(rollouts.pacingLine(entry));
    }

    @FXML
    private void pause() {
        rollouts.pause();
    }

    @FXML
    private void resume() {
        rollouts.resume();
    }

    @FXML
    private void approve() {
        rollouts.approve();
    }

    @FXML
    private void retryFailed() {
        rollouts.retryFailed();
    }

    @FXML
    private void abort() {
        ButtonType go = new ButtonType("Abort rollout", ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, rollouts.abortQuestion(), go, ButtonType.CANCEL);
        confirm.initOwner(rolloutList.getScene().getWindow());
        confirm.setTitle("Abort rollout");
        confirm.setHeaderText("Abort this rollout?");
        confirm.getDialogPane().setId("abortRolloutConfirmation");
        confirm.getDialogPane().lookupButton(go).setId("confirmAbortButton");
        confirm.getDialogPane().getStylesheets().addAll(rolloutList.getScene().getStylesheets());
        confirm.showAndWait().filter(go::equals).ifPresent(ok -> rollouts.abort());
    }

    @FXML
    private void exportCsv() {
        export(RolloutsViewModel.ReportFormat.CSV, "csv");
    }

    @FXML
    private void exportJson() {
        export(RolloutsViewModel.ReportFormat.JSON, "json");
    }

    private void export(RolloutsViewModel.ReportFormat format, String extension) {
        RolloutSupervisor.Entry entry = rollouts.entryProperty().get();
        if (entry == null) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export rollout report");
        chooser.setInitialFileName(entry.id() + "-report." + extension);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(extension.toUpperCase(), "*." + extension));
        File file = chooser.showSaveDialog(rolloutList.getScene().getWindow());
        if (file != null) {
            rollouts.exportReport(file.toPath(), format);
        }
    }

    /** The tab, so the application can bring it forward when a rollout starts. */
    public Tab tab() {
        return rolloutsTab;
    }
}
