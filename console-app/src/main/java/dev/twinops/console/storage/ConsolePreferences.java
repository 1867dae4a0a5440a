package dev.twinops.console.storage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the console remembers between runs ({@code settings.json} under the TwinOps home): the local hub's address
 * when it had to move, the theme, and the window's layout. Every field may be missing (a first run, an older file).
 *
 * @param localHubAddress the loopback address the embedded hub moved to because its usual one was taken
 * @param localHubTier    the tier the embedded hub throttles as ("unlimited", "F1", "S1", "S2", "S3")
 * @param localHubUnits   that tier's units
 * @param theme           "light" or "dark"
 * @param window          the main window's place and size
 * @param dividers        split pane divider positions by the pane's id
 * @param tables          column order, widths and visibility by the table's id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConsolePreferences(String localHubAddress, String localHubTier, Integer localHubUnits, String theme,
                                 Window window, Map<String, List<Double>> dividers, Map<String, List<Column>> tables) {

    public static final ConsolePreferences NONE = new ConsolePreferences(null, null, null, null, null, Map.of(),
            Map.of());

    public ConsolePreferences {
        dividers = dividers == null ? Map.of() : Map.copyOf(dividers);
        tables = tables == null ? Map.of() : Map.copyOf(tables);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Window(double x, double y, double width, double height, boolean maximized) {
    }

    /** A table column, listed in the order shown. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Column(String id, double width, boolean visible) {
    }

    public ConsolePreferences withLocalHubAddress(String address) {
        return new ConsolePreferences(address, localHubTier, localHubUnits, theme, window, dividers, tables);
    }

    public ConsolePreferences withLocalHubTier(String tier, int units) {
        return new ConsolePreferences(localHubAddress, tier, units, theme, window, dividers, tables);
    }

    public ConsolePreferences withTheme(String newTheme) {
        return new ConsolePreferences(localHubAddress, localHubTier, localHubUnits, newTheme, window, dividers, tables);
    }

    public ConsolePreferences withWindow(Window newWindow) {
        return new ConsolePreferences(localHubAddress, localHubTier, localHubUnits, theme, newWindow, dividers, tables);
    }

    public ConsolePreferences withDividers(String paneId, List<Double> positions) {
        Map<String, List<Double>> copy = new LinkedHashMap<>(dividers);
        copy.put(paneId, List.copyOf(positions));
        return new ConsolePreferences(localHubAddress, localHubTier, localHubUnits, theme, window, copy, tables);
    }

    public ConsolePreferences withColumns(String tableId, List<Column> columns) {
        Map<String, List<Column>> copy = new LinkedHashMap<>(tables);
        copy.put(tableId, List.copyOf(columns));
        return new ConsolePreferences(localHubAddress, localHubTier, localHubUnits, theme, window, dividers, copy);
    }
}
