package dev.twinops.console.dashboard;

import java.util.Objects;

/**
 * A bar or pie slice: what it shows and the query condition that selects its devices.
 *
 * @param series    the stacked series (an operation's status) or "" for a chart with one series
 * @param label     the category or slice name ("1.0.0", "Connected", "plant-1", "Firmware update")
 * @param condition a twin query condition matching exactly the devices counted
 */
public record ChartSlice(String series, String label, long count, String condition) {

    public ChartSlice {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(condition, "condition");
    }
}
