package dev.twinops.console.twin;

/** A labelled fact about a device in the detail pane's header grid, e.g. "Connection" = "Connected". */
public record IdentityField(String label, String value) {
}
