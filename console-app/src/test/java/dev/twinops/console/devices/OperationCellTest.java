package dev.twinops.console.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.Scene;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;

/** The Operation column's cell: the bar and tooltip it makes only for rows that need them, bound to the row shown. */
class OperationCellTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void aRowWithoutAnOperationHasNoBarAndNoTooltip() throws Exception {
        OperationCell cell = onFx(() -> {
            OperationCell c = new OperationCell();
            c.updateItem(new DeviceRow("pump-1"), false);
            return c;
        });
        assertThat(cell.getGraphic()).isNull();
        assertThat(cell.getTooltip()).isNull();
        assertThat(cell.getText()).isEmpty();
    }

    @Test
    void theBarAndTooltipFollowTheRowShownAsTheCellIsReused() throws Exception {
        DeviceRow idle = new DeviceRow("pump-1");
        DeviceRow updating = new DeviceRow("pump-2");
        updating.showOperation("Firmware 2.1.0", 0.4);
        updating.showOperationPhase("downloading 40%");
        OperationCell cell = onFx(() -> {
            OperationCell c = new OperationCell();
            c.updateItem(idle, false);
            c.updateItem(updating, false);
            return c;
        });
        assertThat(cell.getGraphic()).isInstanceOf(ProgressBar.class);
        assertThat(((ProgressBar) cell.getGraphic()).getProgress()).isEqualTo(0.4);
        assertThat(cell.getText()).isEqualTo("downloading 40% · Firmware 2.1.0");
        assertThat(cell.getTooltip().getText()).isEqualTo("Firmware 2.1.0 · downloading 40%");

        onFx(() -> {
            updating.showOperation("Firmware 2.1.0", 0.9);
            updating.showOperationPhase("installing");
            return null;
        });
        assertThat(((ProgressBar) cell.getGraphic()).getProgress()).isEqualTo(0.9);
        assertThat(cell.getText()).isEqualTo("installing · Firmware 2.1.0");
        assertThat(cell.getTooltip().getText()).isEqualTo("Firmware 2.1.0 · installing");

        DeviceRow done = new DeviceRow("pump-3");
        done.showOperation("Firmware 2.1.0 · current", DeviceRow.NO_PROGRESS, "succeeded");
        onFx(() -> {
            cell.updateItem(done, false);
            return null;
        });
        assertThat(cell.getGraphic()).isNull();
        assertThat(cell.getText()).isEqualTo("Firmware 2.1.0 · current");
        assertThat(cell.getTooltip().getText()).isEqualTo("Firmware 2.1.0 · current");
        assertThat(cell.getStyleClass()).contains("operation-succeeded");

        onFx(() -> {
            cell.updateItem(null, true);
            return null;
        });
        assertThat(cell.getGraphic()).isNull();
        assertThat(cell.getTooltip()).isNull();
        assertThat(cell.getStyleClass()).doesNotContain("operation-succeeded");
    }

    @Test
    void theTextDrawnInATableFollowsEveryPhaseAsTheListWritesIt() throws Exception {
        DeviceRow row = new DeviceRow("pump-1");
        TableView<DeviceRow> table = onFx(() -> {
            TableView<DeviceRow> t = new TableView<>(FXCollections.observableArrayList(row));
            TableColumn<DeviceRow, DeviceRow> column = new TableColumn<>("Operation");
            column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
            column.setCellFactory(c -> new OperationCell());
            column.setPrefWidth(400);
            t.getColumns().add(column);
            Stage stage = new Stage();
            stage.setScene(new Scene(t, 500, 200));
            stage.show();
            return t;
        });
        // as the device list writes a row (RowOperationDisplay.show): the phase, then the operation
        for (int percent : new int[] {0, 40, 90}) {
            onFx(() -> {
                row.showOperationPhase("downloading " + percent + "%");
                row.showOperation("Firmware 2.1.0", 0.05 + 0.65 * percent / 100.0, "");
                return null;
            });
            String expected = "downloading " + percent + "% · Firmware 2.1.0";
            // the skin draws the new text at the next pulse
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(onFx(
                    () -> ((Text) table.lookup(".table-row-cell .table-cell .text")).getText())).isEqualTo(expected));
        }
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get();
    }
}
