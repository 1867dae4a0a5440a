package dev.twinops.console.operations;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.twinops.console.code.CodeSnippet;

/**
 * The dialogs an operation needs, as its view model asks for them: a form to fill in, a question to confirm, an
 * error to read. The JavaFX side shows real dialogs ({@link OperationDialogs}); tests answer in code.
 */
public interface DialogService {

    /**
     * Shows a form in a dialog over the given targets ("3 selected devices"). {@code submit} runs each time the
     * operator presses the form's action button and says whether the dialog may close: false keeps it open (a
     * field says what is wrong, or the operator backed out of the confirmation). {@code code} is the filled-in
     * operation as code (Copy as code), or null while a field is wrong (the field then says so).
     */
    void showForm(OperationForm form, String targets, BooleanSupplier submit, Supplier<CodeSnippet> code);

    /** Shows an operation as code, to copy (Copy as code, for what is sent without a question). */
    void showCode(String title, CodeSnippet code);

    /** Asks; true when the operator confirmed. */
    boolean confirm(Confirmation confirmation);

    /** Tells the operator why something could not be done. */
    void showError(String title, String message);
}
