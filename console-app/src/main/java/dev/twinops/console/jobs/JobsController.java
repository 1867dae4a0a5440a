package dev.twinops.console.jobs;

import java.time.Instant;

import dev.twinops.console.operations.MethodOutcome;
import dev.twinops.console.time.ReadableTime;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** The Jobs tab: the hub's jobs, the selected job's devices, cancel. Refreshes itself while the tab is shown. */
public final class JobsController {

    private final JobsViewModel jobs;
    private final ReadableTime readableTime;

    @FXML private Tab jobsTab;
    @FXML private Button refreshJobsButton;
    @FXML private Button cancelJobButton;
    @FXML private Button exportJobResultsButton;
    @FXML private Label jobsMessageLabel;
    @FXML private TableView<JobRow> jobsTable;
    @FXML private TableColumn<JobRow, String> jobIdColumn;
    @FXML private TableColumn<JobRow, String> jobOperationColumn;
    @FXML private TableColumn<JobRow, String> jobStatusColumn;
    @FXML private TableColumn<JobRow, String> jobDevicesColumn;
    @FXML private TableColumn<JobRow, String> jobCreatedColumn;
    @FXML private TableColumn<JobRow, String> jobConditionColumn;
    @FXML private TableView<JobDeviceResult> jobDevicesTable;
    @FXML private TableColumn<JobDeviceResult, String> jobDeviceColumn;
    @FXML private TableColumn<JobDeviceResult, String> jobDeviceStatusColumn;
    @FXML private TableColumn<JobDeviceResult, String> jobDeviceResultColumn;

    public JobsController(JobsViewModel jobs, ReadableTime readableTime) {
        this.jobs = jobs;
        this.readableTime = readableTime;
    }

    @FXML
    private void initialize() {
        jobIdColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().jobId()));
        jobOperationColumn.setCellValueFactory(c -> c.getValue().operationProperty());
        jobStatusColumn.setCellValueFactory(c -> c.getValue().statusProperty());
        jobDevicesColumn.setCellValueFactory(c -> c.getValue().statisticsProperty());
        jobCreatedColumn.setCellValueFactory(c -> Bindings.createStringBinding(
                () -> time(c.getValue().info().created()), c.getValue().infoProperty()));
        jobConditionColumn.setCellValueFactory(c -> c.getValue().conditionProperty());
        jobsTable.setItems(jobs.jobs());
        jobsTable.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (row != null || !jobs.jobs().contains(old)) {
                jobs.selectedJobProperty().set(row);
            }
        });
        jobs.selectedJobProperty().addListener((obs, old, row) -> {
            if (row != jobsTable.getSelectionModel().getSelectedItem()) {
                jobsTable.getSelectionModel().select(row);
            }
        });
        jobsTable.setPlaceholder(new Label("No jobs"));

        jobDeviceColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().deviceId()));
        jobDeviceStatusColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().status()));
        jobDeviceResultColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(result(c.getValue())));
        jobDevicesTable.setItems(jobs.deviceResults());
        jobDevicesTable.setPlaceholder(new Label("Select a job to see its devices"));

        cancelJobButton.disableProperty().bind(jobs.canCancelProperty().not());
        exportJobResultsButton.disableProperty().bind(jobs.selectedJobProperty().isNull());
        jobsMessageLabel.textProperty().bind(jobs.messageProperty());
        jobsTab.selectedProperty().addListener((obs, was, shown) -> jobs.setShown(shown));
        if (jobsTab.isSelected()) {
            jobs.setShown(true);
        }
    }

    private String time(Instant instant) {
        return readableTime.absolute(instant);
    }

    /** "200: ACCEPTED op-…", "offline (404103)…": the device's answer or the hub's error in words. */
    static String result(JobDeviceResult row) {
        MethodOutcome outcome = row.outcome(30, 0);
        if (outcome == null) {
            return row.status().isEmpty() ? "" : "not called yet";
        }
        if (outcome instanceof MethodOutcome.Answered answered) {
            return answered.status() + ": " + (answered.payloadJson() == null ? "" : answered.payloadJson());
        }
        if (outcome instanceof MethodOutcome.HubError error) {
            return (row.errorCode() == null ? "" : row.errorCode() + ": ")
                    + (row.errorDescription() == null ? error.hubMessage() : row.errorDescription());
        }
        return outcome.describe();
    }

    @FXML
    private void refresh() {
        jobs.refresh();
    }

    @FXML
    private void exportResults() {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Export the job's per-device results");
        chooser.setInitialFileName(jobs.selectedJobProperty().get().jobId() + ".csv");
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("CSV (UTF-8)", "*.csv"));
        java.io.File file = chooser.showSaveDialog(jobsTable.getScene().getWindow());
        if (file != null) {
            jobs.exportResults(file.toPath());
        }
    }

    @FXML
    private void cancelJob() {
        jobs.cancelSelected();
    }
}
