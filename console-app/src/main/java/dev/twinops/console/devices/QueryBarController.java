package dev.twinops.console.devices;

import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.FileChooser;

/** The query bar: the query with its history, run, named queries, and the hub's error inline. */
public final class QueryBarController {

    private final DeviceListViewModel devices;
    private final DeviceListExport export;
    private boolean updatingHistory;

    @FXML private ComboBox<String> queryField;
    @FXML private Button runQueryButton;
    @FXML private MenuButton savedQueriesMenu;
    @FXML private Label queryErrorLabel;
    @FXML private Label shownQueryLabel;
    @FXML private Button exportCsvButton;
    @FXML private Label exportMessageLabel;

    public QueryBarController(DeviceListViewModel devices, DeviceListExport export) {
        this.devices = devices;
        this.export = export;
    }

    @FXML
    private void initialize() {
        // The combo box gets a copy of the history, replaced whole with the typed text kept: reordering the list
        // it shows moved its selected value, which rewrote the query and ran it, which reordered the history
        // again (two queries ran by turns forever).
        ObservableList<String> historyItems = FXCollections.observableArrayList(devices.history());
        queryField.setItems(historyItems);
        devices.history().addListener((ListChangeListener<String>) change -> {
            String typed = queryField.getEditor().getText();
            updatingHistory = true;
            try {
                historyItems.setAll(devices.history());
                queryField.getEditor().setText(typed);
            } finally {
                updatingHistory = false;
            }
        });
        queryField.getEditor().textProperty().bindBidirectional(devices.queryTextProperty());
        // Enter runs the query (again, if unchanged: a refresh). The filter sees Enter before the combo box
        // commits its value, which it does only when the text changed.
        queryField.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                devices.runQuery();
            }
        });
        // Picking a query from the history runs it; the commit after Enter finds it already running.
        queryField.setOnAction(e -> {
            if (!updatingHistory) {
                devices.runQueryIfChanged();
            }
        });
        queryErrorLabel.textProperty().bind(devices.queryErrorProperty());
        queryErrorLabel.visibleProperty().bind(devices.queryErrorProperty().isNotEmpty());
        queryErrorLabel.managedProperty().bind(queryErrorLabel.visibleProperty());
        shownQueryLabel.textProperty().bind(devices.shownQueryProperty());
        shownQueryLabel.visibleProperty().bind(devices.shownQueryProperty().isNotEmpty());
        shownQueryLabel.managedProperty().bind(shownQueryLabel.visibleProperty());
        exportCsvButton.disableProperty().bind(export.runningProperty().or(devices.shownQueryProperty().isEmpty()));
        exportMessageLabel.textProperty().bind(export.messageProperty());
        devices.savedQueries().addListener((ListChangeListener<SavedQuery>) change -> rebuildSavedMenu());
        rebuildSavedMenu();
    }

    @FXML
    private void runQuery() {
        devices.runQuery();
    }

    @FXML
    private void exportCsv() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the query's devices");
        chooser.setInitialFileName("devices.csv");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV (UTF-8)", "*.csv"));
        java.io.File file = chooser.showSaveDialog(queryField.getScene().getWindow());
        if (file != null) {
            export.export(file.toPath());
        }
    }

    @FXML
    private void saveQuery() {
        TextInputDialog ask = new TextInputDialog();
        ask.initOwner(queryField.getScene().getWindow());
        ask.setTitle("Save query");
        ask.setHeaderText("Name this query");
        ask.setContentText("Name:");
        ask.showAndWait().ifPresent(name -> {
            String problem = devices.saveQuery(name);
            if (problem != null) {
                Alert alert = new Alert(Alert.AlertType.WARNING, problem);
                alert.initOwner(queryField.getScene().getWindow());
                alert.setHeaderText("Query not saved");
                alert.showAndWait();
            }
        });
    }

    private void rebuildSavedMenu() {
        savedQueriesMenu.getItems().clear();
        if (devices.savedQueries().isEmpty()) {
            MenuItem none = new MenuItem("No saved queries yet: type one and use Save as...");
            none.setDisable(true);
            savedQueriesMenu.getItems().add(none);
            return;
        }
        Menu delete = new Menu("Delete");
        for (SavedQuery saved : devices.savedQueries()) {
            MenuItem run = new MenuItem(saved.name() + "   " + abbreviate(saved.query()));
            run.setOnAction(e -> devices.useSavedQuery(saved));
            savedQueriesMenu.getItems().add(run);
            MenuItem remove = new MenuItem(saved.name());
            remove.setOnAction(e -> devices.deleteSavedQuery(saved));
            delete.getItems().add(remove);
        }
        savedQueriesMenu.getItems().addAll(new SeparatorMenuItem(), delete);
    }

    private static String abbreviate(String query) {
        String q = query.isEmpty() ? "(all devices)" : query;
        return q.length() > 60 ? q.substring(0, 59) + "…" : q;
    }
}
