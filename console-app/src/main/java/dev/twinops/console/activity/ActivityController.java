package dev.twinops.console.activity;

import java.io.File;
import java.util.function.Function;

import dev.twinops.console.time.ReadableTime;
import dev.twinops.rollout.audit.AuditEntry;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.FileChooser;

/** The Activity tab: the journal's entries, the filter, the tamper banner and the export. */
public final class ActivityController {

    private final ActivityViewModel activity;
    private final ReadableTime time;

    @FXML private Tab activityTab;
    @FXML private Label tamperBanner;
    @FXML private TextField activityFilterField;
    @FXML private Label activityMessageLabel;
    @FXML private Button exportActivityButton;
    @FXML private TableView<ActivityViewModel.ActivityRow> activityTable;
    @FXML private TableColumn<ActivityViewModel.ActivityRow, String> timeColumn;
    @FXML private TableColumn<ActivityViewModel.ActivityRow, String> actionColumn;
    @FXML private TableColumn<ActivityViewModel.ActivityRow, String> targetsColumn;
    @FXML private TableColumn<ActivityViewModel.ActivityRow, String> jobsColumn;
    @FXML private TableColumn<ActivityViewModel.ActivityRow, String> outcomeColumn;
    @FXML private TableColumn<ActivityViewModel.ActivityRow, String> hubColumn;
    @FXML private TableColumn<ActivityViewModel.ActivityRow, String> detailsColumn;

    public ActivityController(ActivityViewModel activity, ReadableTime time) {
        this.activity = activity;
        this.time = time;
    }

    @FXML
    private void initialize() {
        activityTable.setItems(activity.shownRows());
        activityTable.setPlaceholder(new Label("No operator action recorded yet."));
        column(timeColumn, e -> time.absolute(e.time()));
        column(actionColumn, AuditEntry::action);
        column(targetsColumn, e -> String.join(", ", e.targets()));
        column(jobsColumn, e -> String.join(", ", e.jobIds()));
        column(outcomeColumn, e -> e.outcome() == null ? "" : e.outcome());
        column(hubColumn, e -> e.hub() == null ? "" : e.hub());
        column(detailsColumn, e -> e.details().isEmpty() ? "" : e.details().toString());
        activityFilterField.textProperty().bindBidirectional(activity.filterProperty());
        tamperBanner.textProperty().bind(activity.bannerProperty());
        tamperBanner.visibleProperty().bind(activity.bannerProperty().isNotEmpty());
        tamperBanner.managedProperty().bind(tamperBanner.visibleProperty());
        activityMessageLabel.textProperty().bind(activity.messageProperty());
        activityTab.selectedProperty().addListener((obs, was, now) -> {
            if (now) {
                activity.refresh();
            }
        });
        activity.refresh();
    }

    private static void column(TableColumn<ActivityViewModel.ActivityRow, String> column,
                               Function<AuditEntry, String> text) {
        column.setCellValueFactory(cell -> (ObservableValue<String>) new ReadOnlyStringWrapper(
                text.apply(cell.getValue().entry())).getReadOnlyProperty());
    }

    @FXML
    private void export() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export activity");
        chooser.setInitialFileName("twinops-activity.csv");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        File file = chooser.showSaveDialog(activityTable.getScene().getWindow());
        if (file != null) {
            activity.export(file.toPath());
        }
    }
}
