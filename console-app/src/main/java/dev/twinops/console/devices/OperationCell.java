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

    // Made when first needed: a table makes a screenful of these cells at once, and most rows have no operation.
    private ProgressBar progress;
    private Tooltip tooltip;
    private final ChangeListener<String> outcomeListener = (obs, old, outcome) -> showOutcome(outcome);
    private final ChangeListener<Number> progressListener = (obs, old, value) -> showBar(value.doubleValue());
    private DeviceRow shown;

    OperationCell() {
        setContentDisplay(ContentDisplay.LEFT);
        setGraphicTextGap(8);
        textProperty().addListener((obs, old, text) -> setTooltip(text == null || text.isEmpty() ? null : tooltip()));
    }

    private Tooltip tooltip() {
        if (tooltip == null) {
            tooltip = new Tooltip();
            if (shown != null) {
                bindTooltip(shown);
            }
        }
        return tooltip;
    }

    private void bindTooltip(DeviceRow row) {
        tooltip.textProperty().bind(Bindings.createStringBinding(row::operationText, row.operationProperty(),
                row.operationPhaseProperty()));
    }

    private ProgressBar progress() {
        if (progress == null) {
            progress = new ProgressBar();
            progress.setMaxWidth(Double.MAX_VALUE);
            progress.setPrefWidth(70);
            progress.setMinWidth(70);
            if (shown != null) {
                progress.progressProperty().bind(shown.operationProgressProperty());
            }
        }
        return progress;
    }

    @Override
    protected void updateItem(DeviceRow row, boolean empty) {
        super.updateItem(row, empty);
        textProperty().unbind();
        if (tooltip != null) {
            tooltip.textProperty().unbind();
        }
        if (progress != null) {
            progress.progressProperty().unbind();
        }
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
        if (tooltip != null) {
            bindTooltip(row);
        }
        if (progress != null) {
            progress.progressProperty().bind(row.operationProgressProperty());
        }
        // after the tooltip's binding: a non-empty text makes the tooltip, bound to this row
        textProperty().bind(Bindings.createStringBinding(row::operationCellText, row.operationProperty(),
                row.operationPhaseProperty()));
        showBar(row.operationProgressProperty().get());
    }

    /** No bar (and no gap) without an operation in flight. */
    private void showBar(double value) {
        setGraphic(value >= 0 ? progress() : null);
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
