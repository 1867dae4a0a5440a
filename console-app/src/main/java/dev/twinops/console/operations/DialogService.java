package dev.twinops.console.operations;

import java.util.function.BooleanSupplier;

/**
 * The dialogs an operation needs, as its view model asks for them: a form to fill in, a question to confirm, an
 * error to read. The JavaFX side shows real dialogs ({@link OperationDialogs}); tests answer in code.
 */
public interface DialogService {

    /**
     * Shows a form in a dialog over the given targets ("3 selected devices"). {@code submit} runs each time the
     * operator presses the form's action button and says whether the dialog may close: false keeps it open (a
     * field says what is wrong, or the operator backed out of the confirmation).
     */
    void showForm(OperationForm form, String targets, BooleanSupplier submit);

    /** Asks; true when the operator confirmed. */
    boolean confirm(Confirmation confirmation);

    /** Tells the operator why something could not be done. */
    void showError(String title, String message);
}
