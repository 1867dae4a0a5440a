package dev.twinops.console.devices;

/**
 * How other features put a condition into the query bar and show the devices it matches (the dashboard does when
 * a bar or slice is clicked), without depending on the device list itself.
 */
@FunctionalInterface
public interface QueryBarInput {

    /** Replaces the query bar's text with {@code condition} and runs it. */
    void runCondition(String condition);
}
