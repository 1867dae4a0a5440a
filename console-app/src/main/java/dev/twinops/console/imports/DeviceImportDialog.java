package dev.twinops.console.imports;

import java.io.File;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.twinops.console.fx.DialogSizing;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Hub > Import devices from CSV...: a file (typed or chosen), its preview with each row's problems, the mode, the
 * import with its progress, and the per-row results with their export. Each opening starts with a fresh
 * {@link DeviceImportViewModel}; an import keeps going if the dialog is closed, and is journaled all the same.
 */
public final class DeviceImportDialog {

    private final Supplier<DeviceImportViewModel> viewModels;
    private final String stylesheet;

    public DeviceImportDialog(Supplier<DeviceImportViewModel> viewModels, String stylesheet) {
        this.viewModels = Objects.requireNonNull(viewModels);
        this.stylesheet = stylesheet;
    }

    public void open(Window owner) {
        DeviceImportViewModel model = viewModels.get();
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Import devices");
        dialog.setHeaderText("Import devices from a CSV file");
        dialog.setResizable(true);
        dialog.getDialogPane().setId("deviceImportDialog");
        dialog.getDialogPane().setContent(content(model, dialog));
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        // wide enough for the preview's columns and the action row; a dialog would otherwise open at 600 px
        dialog.getDialogPane().setPrefWidth(920);
        dialog.getDialogPane().setMinWidth(860);
        DialogSizing.growWithContent(dialog);
        if (stylesheet != null) {
            dialog.getDialogPane().getStylesheets().add(stylesheet);
        }
        dialog.show();
    }

    private VBox content(DeviceImportViewModel model, Dialog<Void> dialog) {
        Label format = new Label("A header row, then one device a row: id; tags as tags.<name> columns (e.g. "
                + "tags.site, tags.location.building) or one tags column of JSON; optionally primaryKey and "
                + "secondaryKey (base64; the hub generates keys otherwise). Devices are registered 100 per request "
                + "with IoT Hub's bulk registry operation, then their tags are set.");
        format.setWrapText(true);

        TextField path = new TextField();
        path.setId("importPathField");
        path.setPromptText("Path of a CSV file");
        HBox.setHgrow(path, Priority.ALWAYS);
        Button browse = new Button("Browse...");
        browse.setId("importBrowseButton");
        Button read = new Button("Preview");
        read.setId("importPreviewButton");
        read.setTooltip(new Tooltip("Read and check the file; nothing is sent yet"));
        Runnable choose = () -> {
            if (!path.getText().isBlank()) {
                model.choose(Path.of(path.getText().strip()));
            }
        };
        path.setOnAction(e -> choose.run());
        read.setOnAction(e -> choose.run());
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Devices to import");
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("CSV", "*.csv"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File chosen = chooser.showOpenDialog(dialog.getDialogPane().getScene().getWindow());
            if (chosen != null) {
                path.setText(chosen.getPath());
                choose.run();
            }
        });
        read.disableProperty().bind(model.runningProperty().or(path.textProperty().isEmpty()));
        browse.disableProperty().bind(model.runningProperty());
        HBox fileRow = new HBox(8, new Label("File"), path, browse, read);
        keepWidth(browse, read);
        fileRow.setAlignment(Pos.CENTER_LEFT);

        Label fileText = new Label();
        fileText.setId("importFileLabel");
        fileText.textProperty().bind(model.fileTextProperty());
        Label fileProblem = new Label();
        fileProblem.setId("importFileProblem");
        fileProblem.setWrapText(true);
        fileProblem.getStyleClass().add("field-error");
        fileProblem.textProperty().bind(model.fileProblemProperty());
        shownWhenText(fileProblem);

        TableView<ImportRow> preview = previewTable(model);

        ChoiceBox<ImportMode> mode = new ChoiceBox<>();
        mode.setId("importModeChoice");
        mode.getItems().setAll(ImportMode.values());
        mode.valueProperty().bindBidirectional(model.modeProperty());
        mode.disableProperty().bind(model.runningProperty());
        Button start = new Button("Import");
        start.setId("importButton");
        start.setDefaultButton(true);
        start.disableProperty().bind(model.canImportProperty().not());
        start.setOnAction(e -> model.startImport());
        Button stop = new Button("Stop");
        stop.setId("importStopButton");
        stop.setTooltip(new Tooltip("Send no further requests; the one under way finishes"));
        stop.disableProperty().bind(model.runningProperty().not());
        stop.setOnAction(e -> model.stop());
        ProgressBar progress = new ProgressBar();
        progress.setId("importProgress");
        progress.setPrefWidth(180);
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.runningProperty().or(model.reportProperty().isNotNull()));
        Label modeLabel = new Label("Mode");
        HBox actions = new HBox(8, modeLabel, mode, start, stop, progress);
        keepWidth(modeLabel, mode, start, stop);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label status = new Label();
        status.setId("importStatusLabel");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        shownWhenText(status);

        TableView<ImportOutcome> results = resultsTable(model);
        Button export = new Button("Export results...");
        export.setId("importExportButton");
        export.setTooltip(new Tooltip("Each row's result as CSV (no keys)"));
        export.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Export import results");
            chooser.setInitialFileName("import-results.csv");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV (UTF-8)", "*.csv"));
            File target = chooser.showSaveDialog(dialog.getDialogPane().getScene().getWindow());
            if (target != null) {
                model.exportResults(target.toPath());
            }
        });
        VBox resultBox = new VBox(6, results, export);
        resultBox.visibleProperty().bind(model.reportProperty().isNotNull());
        resultBox.managedProperty().bind(resultBox.visibleProperty());
        // the preview gives way to the results once there are some
        preview.visibleProperty().bind(model.reportProperty().isNull());
        preview.managedProperty().bind(preview.visibleProperty());

        VBox box = new VBox(8, format, fileRow, fileText, fileProblem, preview, actions, status, resultBox);
        box.setPadding(new Insets(4, 0, 0, 0));
        return box;
    }

    private static TableView<ImportRow> previewTable(DeviceImportViewModel model) {
        TableView<ImportRow> table = new TableView<>(model.preview());
        table.setId("importPreviewTable");
        table.setPrefHeight(260);
        table.setPlaceholder(new Label("Choose a file to see its devices here."));
        table.getColumns().add(column("Line", 60, r -> Long.toString(r.line())));
        table.getColumns().add(column("Device ID", 180, ImportRow::deviceId));
        table.getColumns().add(column("Tags", 230, ImportRow::tagsJson));
        table.getColumns().add(column("Keys", 95, r -> r.hasKeys() ? "given" : "generated"));
        table.getColumns().add(column("Problems", 300, r -> String.join("; ", r.problems())));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ImportRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().remove("import-problem");
                if (!empty && row != null && !row.valid()) {
                    getStyleClass().add("import-problem");
                }
            }
        });
        return table;
    }

    private static TableView<ImportOutcome> resultsTable(DeviceImportViewModel model) {
        TableView<ImportOutcome> table = new TableView<>(model.results());
        table.setId("importResultsTable");
        table.setPrefHeight(260);
        table.getColumns().add(column("Line", 60, o -> Long.toString(o.line())));
        table.getColumns().add(column("Device ID", 180, ImportOutcome::deviceId));
        table.getColumns().add(column("Result", 150, o -> o.result().toString()));
        table.getColumns().add(column("Error code", 130, ImportOutcome::errorCode));
        table.getColumns().add(column("Message", 350, ImportOutcome::message));
        return table;
    }

    private static <S> TableColumn<S, String> column(String name, double width, Function<S, String> value) {
        TableColumn<S, String> column = new TableColumn<>(name);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    /** Buttons and labels keep their text whole when the row is short of room. */
    private static void keepWidth(javafx.scene.layout.Region... regions) {
        for (javafx.scene.layout.Region region : regions) {
            region.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
    }

    private static void shownWhenText(Label label) {
        label.visibleProperty().bind(Bindings.isNotEmpty(label.textProperty()));
        label.managedProperty().bind(label.visibleProperty());
    }
}
