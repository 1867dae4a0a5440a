package dev.twinops.console.operations;

import dev.twinops.console.code.CodeSnippet;

/**
 * What the operator is asked before an operation is sent.
 *
 * @param code the operation as code (Copy as code), or null
 */
public record Confirmation(String title, String header, String text, String confirmLabel, CodeSnippet code) {

    public Confirmation(String title, String header, String text, String confirmLabel) {
        this(title, header, text, confirmLabel, null);
    }
}
