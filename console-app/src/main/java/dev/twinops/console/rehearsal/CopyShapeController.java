package dev.twinops.console.rehearsal;

import javafx.beans.value.ObservableStringValue;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;

/** The copy dialog's content: binds the fields, the estimate, progress and result to {@link CopyShapeViewModel}. */
public final class CopyShapeController {

    private final CopyShapeViewModel copy;

    @FXML private Label copySourceLabel;
    @FXML private TextField rehearsalNameField;
    @FXML private Label rehearsalNameProblemLabel;
    @FXML private TextField copyConditionField;
    @FXML private Label copyConditionProblemLabel;
    @FXML private TextField copyScaleField;
    @FXML private Label copyScaleProblemLabel;
    @FXML private TextField copyPrefixField;
    @FXML private Label copyPrefixProblemLabel;
    @FXML private Button estimateButton;
    @FXML private Label copyEstimateLabel;
    @FXML private ProgressBar copyProgressBar;
    @FXML private Label copyProgressLabel;
    @FXML private Label copyResultLabel;

    public CopyShapeController(CopyShapeViewModel copy) {
        this.copy = copy;
    }

    @FXML
    private void initialize() {
        copySourceLabel.setText("From " + copy.sourceDescription() + " to the console's local hub");
        rehearsalNameField.textProperty().bindBidirectional(copy.nameProperty());
        copyConditionField.textProperty().bindBidirectional(copy.conditionProperty());
        copyScaleField.textProperty().bindBidirectional(copy.scaleProperty());
        copyPrefixField.textProperty().bindBidirectional(copy.idPrefixProperty());
        bind(rehearsalNameProblemLabel, copy.nameProblemProperty());
        bind(copyConditionProblemLabel, copy.conditionProblemProperty());
        bind(copyScaleProblemLabel, copy.scaleProblemProperty());
        bind(copyPrefixProblemLabel, copy.prefixProblemProperty());
        bind(copyEstimateLabel, copy.estimateTextProperty());
        bind(copyProgressLabel, copy.progressTextProperty());
        bind(copyResultLabel, copy.resultTextProperty());
        copyProgressBar.progressProperty().bind(copy.progressProperty());
        copyProgressBar.visibleProperty().bind(copy.progressTextProperty().isNotEmpty());
        copyProgressBar.managedProperty().bind(copyProgressBar.visibleProperty());
        var locked = copy.busyProperty().or(copy.doneProperty());
        for (TextField f : new TextField[] {rehearsalNameField, copyConditionField, copyScaleField, copyPrefixField}) {
            f.disableProperty().bind(locked);
        }
        estimateButton.disableProperty().bind(locked);
    }

    @FXML
    private void estimate() {
        copy.estimate();
    }

    private static void bind(Label label, ObservableStringValue text) {
        label.textProperty().bind(text);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }
}
