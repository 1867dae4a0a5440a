package dev.twinops.console.devices;

import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;

/** The Operation column: the operation's name with a progress bar while one is in flight. */
final class OperationCell extends TableCell<DeviceRow, DeviceRow> {

    private final ProgressBar progress = new ProgressBar();

    OperationCell() {
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.setPrefWidth(80);
        setContentDisplay(ContentDisplay.RIGHT);
        setGraphicTextGap(8);
    }

    @Override
    protected void updateItem(DeviceRow row, boolean empty) {
        super.updateItem(row, empty);
        textProperty().unbind();
        progress.progressProperty().unbind();
        if (empty || row == null) {
            setText(null);
            setGraphic(null);
            return;
        }
        textProperty().bind(row.operationProperty());
        progress.progressProperty().bind(row.operationProgressProperty());
        progress.visibleProperty().bind(row.operationProgressProperty().greaterThanOrEqualTo(0));
        setGraphic(progress);
    }
}
