package dev.twinops.console.devices;

import java.util.List;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/**
 * The Operation column: a progress bar while an operation is under way (first, so a narrow column never cuts it
 * off), then the live phase before the operation's name ("downloading 40% · Firmware 2.1.0": in a narrow column
 * the phase is what must not be cut off), or the outcome once settled, coloured when it succeeded, failed or got
 * stuck. The tooltip has the whole text.
 */
final class OperationCell extends TableCell<DeviceRow, DeviceRow> {

    private static final List<String> OUTCOMES = List.of("succeeded", "failed", "stuck");

    private final ProgressBar progress = new ProgressBar();
    private final Tooltip tooltip = new Tooltip();
    private final ChangeListener<String> outcomeListener = (obs, old, outcome) -> showOutcome(outcome);
    private final ChangeListener<Number> progressListener = (obs, old, value) -> showBar(value.doubleValue());
    private DeviceRow shown;

    OperationCell() {
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.setPrefWidth(70);
        progress.setMinWidth(70);
        setContentDisplay(ContentDisplay.LEFT);
        setGraphicTextGap(8);
        textProperty().addListener((obs, old, text) -> setTooltip(text == null || text.isEmpty() ? null : tooltip));
    }

    @Override
    protected void updateItem(DeviceRow row, boolean empty) {
        super.updateItem(row, empty);
        textProperty().unbind();
        tooltip.textProperty().unbind();
        progress.progressProperty().unbind();
        if (shown != null) {
            shown.operationOutcomeProperty().removeListener(outcomeListener);
            shown.operationProgressProperty().removeListener(progressListener);
            shown = null;
        }
        if (empty || row == null) {
            setText(null);
            setGraphic(null);
            showOutcome("");
            return;
        }
        shown = row;
        row.operationOutcomeProperty().addListener(outcomeListener);
        row.operationProgressProperty().addListener(progressListener);
        showOutcome(row.operationOutcomeProperty().get());
        textProperty().bind(Bindings.createStringBinding(row::operationCellText, row.operationProperty(),
                row.operationPhaseProperty()));
        tooltip.textProperty().bind(Bindings.createStringBinding(row::operationText, row.operationProperty(),
                row.operationPhaseProperty()));
        progress.progressProperty().bind(row.operationProgressProperty());
        showBar(row.operationProgressProperty().get());
    }

    /** No bar (and no gap) without an operation in flight. */
    private void showBar(double value) {
        setGraphic(value >= 0 ? progress : null);
    }

    /** Style classes operation-succeeded / -failed / -stuck colour the cell (console.css). */
    private void showOutcome(String outcome) {
        for (String o : OUTCOMES) {
            getStyleClass().remove("operation-" + o);
        }
        if (outcome != null && OUTCOMES.contains(outcome)) {
            getStyleClass().add("operation-" + outcome);
        }
    }
}
