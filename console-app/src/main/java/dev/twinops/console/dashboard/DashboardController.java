package dev.twinops.console.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.PieChart;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;

/** The fleet dashboard: the view model's slices as charts; a click on a bar or slice runs its condition. */
public final class DashboardController {

    private final DashboardViewModel dashboard;

    @FXML private BarChart<String, Number> firmwareChart;
    @FXML private PieChart connectionChart;
    @FXML private BarChart<String, Number> tagChart;
    @FXML private StackedBarChart<String, Number> operationsChart;
    @FXML private Label firmwareEmpty;
    @FXML private Label connectionEmpty;
    @FXML private Label tagEmpty;
    @FXML private Label operationsEmpty;
    @FXML private ComboBox<String> tagNameField;
    @FXML private Label updatedLabel;
    @FXML private Label dashboardErrorLabel;

    public DashboardController(DashboardViewModel dashboard) {
        this.dashboard = dashboard;
    }

    @FXML
    private void initialize() {
        tagNameField.setItems(FXCollections.observableArrayList("site", "ring", "model"));
        tagNameField.setValue(dashboard.tagNameProperty().get());
        tagNameField.valueProperty().addListener((obs, old, name) -> {
            if (name != null && !name.isBlank()) {
                dashboard.tagNameProperty().set(name.strip());
            }
        });
        showBars(firmwareChart, dashboard.firmwareSlices());
        showBars(tagChart, dashboard.tagSlices());
        showBars(operationsChart, dashboard.operationSlices());
        showPie(connectionChart, dashboard.connectionSlices());
        BooleanBinding answered = dashboard.updatedProperty().isNotEmpty();
        saysWhenEmpty(firmwareEmpty, firmwareChart, dashboard.firmwareSlices(), answered);
        saysWhenEmpty(tagEmpty, tagChart, dashboard.tagSlices(), answered.and(dashboard.tagPendingProperty().not()));
        saysWhenEmpty(operationsEmpty, operationsChart, dashboard.operationSlices(), answered);
        saysWhenEmpty(connectionEmpty, null, dashboard.connectionSlices(), answered);
        updatedLabel.textProperty().bind(dashboard.updatedProperty());
        dashboardErrorLabel.textProperty().bind(dashboard.errorProperty());
        dashboardErrorLabel.visibleProperty().bind(dashboard.errorProperty().isNotEmpty());
        dashboardErrorLabel.managedProperty().bind(dashboardErrorLabel.visibleProperty());
    }

    @FXML
    private void refresh() {
        dashboard.refresh();
    }

    /**
     * An empty chart says so once its query has answered (before that it is loading, not empty), and a bar chart
     * with nothing to show hides its axis numbers, which would otherwise run to an arbitrary 100-odd.
     */
    private static void saysWhenEmpty(Label message, XYChart<String, Number> chart, ObservableList<ChartSlice> slices,
                                      BooleanBinding answered) {
        message.visibleProperty().bind(Bindings.isEmpty(slices).and(answered));
        if (chart != null) {
            chart.getYAxis().tickLabelsVisibleProperty().bind(Bindings.isNotEmpty(slices));
        }
    }

    private void showBars(XYChart<String, Number> chart, ObservableList<ChartSlice> slices) {
        chart.setAnimated(false); // charts that move on every refresh are harder to read, and slower
        Runnable rebuild = () -> {
            // one series per status (stacked) or a single series; categories in the order the slices come
            Map<String, XYChart.Series<String, Number>> series = new LinkedHashMap<>();
            for (ChartSlice slice : slices) {
                XYChart.Series<String, Number> s = series.computeIfAbsent(slice.series(), name -> {
                    XYChart.Series<String, Number> created = new XYChart.Series<>();
                    created.setName(name.isEmpty() ? "Devices" : name);
                    return created;
                });
                XYChart.Data<String, Number> bar = new XYChart.Data<>(slice.label(), slice.count());
                bar.setExtraValue(slice);
                s.getData().add(bar);
            }
            chart.setLegendVisible(series.size() > 1 || !series.containsKey(""));
            chart.getData().setAll(series.values());
            for (XYChart.Series<String, Number> s : series.values()) {
                for (XYChart.Data<String, Number> bar : s.getData()) {
                    whenShown(bar.nodeProperty(), (ChartSlice) bar.getExtraValue());
                }
            }
        };
        slices.addListener((ListChangeListener<ChartSlice>) change -> rebuild.run());
        rebuild.run();
    }

    private void showPie(PieChart chart, ObservableList<ChartSlice> slices) {
        chart.setAnimated(false);
        Runnable rebuild = () -> {
            List<PieChart.Data> data = slices.stream()
                    .map(s -> new PieChart.Data(s.label() + " (" + s.count() + ")", s.count())).toList();
            chart.getData().setAll(data);
            for (int i = 0; i < data.size(); i++) {
                whenShown(data.get(i).nodeProperty(), slices.get(i));
            }
        };
        slices.addListener((ListChangeListener<ChartSlice>) change -> rebuild.run());
        rebuild.run();
    }

    /** A chart makes a bar's or slice's node when it lays the data out, which may be later (a hidden tab). */
    private void whenShown(javafx.beans.value.ObservableValue<Node> node, ChartSlice slice) {
        if (node.getValue() != null) {
            clickable(node.getValue(), slice);
        } else {
            node.addListener((obs, old, created) -> {
                if (created != null) {
                    clickable(created, slice);
                }
            });
        }
    }

    private void clickable(Node node, ChartSlice slice) {
        node.setCursor(Cursor.HAND);
        String series = slice.series().isEmpty() ? "" : " " + slice.series();
        Tooltip.install(node, new Tooltip(slice.label() + series + ": " + slice.count()
                + (slice.count() == 1 ? " device" : " devices") + "\nClick to list them: " + slice.condition()));
        node.setOnMouseClicked(e -> dashboard.choose(slice));
        node.getProperties().put(ChartSlice.class, slice); // tests and accessibility find what a node stands for
    }
}
