package dev.twinops.console.operations;

/** What the operator is asked before an operation is sent. */
public record Confirmation(String title, String header, String text, String confirmLabel) {
}
