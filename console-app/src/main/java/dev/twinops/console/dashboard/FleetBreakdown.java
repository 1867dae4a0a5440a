package dev.twinops.console.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.twinops.dm.reported.ReportedPatches;

/**
 * One chart of the dashboard: the single {@code GROUP BY} query behind it and how its rows become slices, each
 * with the condition that selects its devices. Pure: no hub, no UI.
 */
public final class FleetBreakdown {

    /** The count column every dashboard query names. */
    public static final String COUNT = "n";

    /** What the chart shows for devices that lack the grouped value. */
    public static final String NOT_SET = "(not set)";

    /** The management operations whose reported status the operations chart counts, with their names. */
    private static final Map<String, String> OPERATIONS = operations();

    /** Tag names the tag chart accepts: a top-level tag or a nested one (site, location.building). */
    private static final Pattern TAG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private final String query;
    private final List<String> paths;
    private final List<String> names;
    private final boolean stackedByStatus;

    private FleetBreakdown(List<String> paths, List<String> names, boolean stackedByStatus) {
        this.paths = List.copyOf(paths);
        this.names = List.copyOf(names);
        this.stackedByStatus = stackedByStatus;
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < paths.size(); i++) {
            select.append(paths.get(i)).append(" AS ").append(names.get(i)).append(", ");
        }
        this.query = select.append("COUNT() AS ").append(COUNT).append(" FROM devices GROUP BY ")
                .append(String.join(", ", paths)).toString();
    }

    /** Reported firmware versions across the fleet. */
    public static FleetBreakdown firmwareVersions() {
        String path = "properties.reported." + ReportedPatches.FIRMWARE_VERSION;
        return new FleetBreakdown(List.of(path), List.of(ReportedPatches.FIRMWARE_VERSION), false);
    }

    /** Connected and disconnected devices. */
    public static FleetBreakdown connectionStates() {
        return new FleetBreakdown(List.of("connectionState"), List.of("connectionState"), false);
    }

    /**
     * Devices per value of a tag (site, ring, any other).
     *
     * @throws IllegalArgumentException for a name that is not a tag path
     */
    public static FleetBreakdown tag(String name) {
        String tag = name == null ? "" : name.strip();
        if (!TAG_NAME.matcher(tag).matches()) {
            throw new IllegalArgumentException("A tag name is letters, digits and _ (nested tags with dots, e.g. "
                    + "location.building), not '" + tag + "'");
        }
        return new FleetBreakdown(List.of("tags." + tag), List.of("tagValue"), false);
    }

    /**
     * Each management operation's reported status ({@code iothubDM.<operation>.status}): in flight (downloading,
     * rebooting, ...) and outcome (current, completed, failed), in one query grouped by the three statuses.
     */
    public static FleetBreakdown operationStatuses() {
        List<String> paths = new ArrayList<>();
        for (String operation : OPERATIONS.keySet()) {
            paths.add("properties.reported." + ReportedPatches.IOTHUB_DM + "." + operation + ".status");
        }
        return new FleetBreakdown(paths, List.copyOf(OPERATIONS.keySet()), true);
    }

    /** The one twin query behind the chart. */
    public String query() {
        return query;
    }

    /**
     * The chart's slices from the query's rows: one per value (largest first, devices without the value last)
     * or, for operations, one per operation and reported status (devices that never ran an operation left out).
     */
    public List<ChartSlice> slices(List<GroupCount> rows) {
        return stackedByStatus ? operationSlices(rows) : valueSlices(rows);
    }

    private List<ChartSlice> valueSlices(List<GroupCount> rows) {
        String path = paths.get(0);
        String name = names.get(0);
        // Values that print the same (e.g. 1 and '1') stay separate slices: their conditions differ.
        Map<String, ChartSlice> byCondition = new LinkedHashMap<>();
        for (GroupCount row : rows) {
            JsonNode value = row.value(name);
            String condition = condition(path, value);
            ChartSlice known = byCondition.get(condition);
            long count = row.count() + (known == null ? 0 : known.count());
            byCondition.put(condition, new ChartSlice("", value == null ? NOT_SET : value.asText(), count, condition));
        }
        return byCondition.values().stream().sorted(Comparator
                .comparing((ChartSlice s) -> s.condition().startsWith("NOT IS_DEFINED"))
                .thenComparing(ChartSlice::count, Comparator.reverseOrder())
                .thenComparing(ChartSlice::label)).toList();
    }

    private List<ChartSlice> operationSlices(List<GroupCount> rows) {
        List<ChartSlice> slices = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, String> operation : OPERATIONS.entrySet()) {
            String path = paths.get(i++);
            Map<String, Long> byStatus = new LinkedHashMap<>();
            for (GroupCount row : rows) {
                JsonNode status = row.value(operation.getKey());
                if (status != null) {
                    byStatus.merge(status.asText(), row.count(), Long::sum);
                }
            }
            byStatus.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> slices.add(new ChartSlice(
                    e.getKey(), operation.getValue(), e.getValue(), path + " = " + literal(e.getKey()))));
        }
        return slices;
    }

    /** The condition that selects devices whose {@code path} has {@code value} (null: has none). */
    static String condition(String path, JsonNode value) {
        if (value == null) {
            return "NOT IS_DEFINED(" + path + ")";
        }
        if (value.isTextual()) {
            return path + " = " + literal(value.asText());
        }
        // numbers and booleans as the hub wrote them; objects and arrays are not grouped by the hub
        return path + " = " + value;
    }

    /** A query string literal: single quotes, with quotes and backslashes escaped. */
    static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static Map<String, String> operations() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ReportedPatches.FIRMWARE_UPDATE, "Firmware update");
        m.put(ReportedPatches.REBOOT, "Reboot");
        m.put(ReportedPatches.FACTORY_RESET, "Factory reset");
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FleetBreakdown other && other.query.equals(query);
    }

    @Override
    public int hashCode() {
        return Objects.hash(query);
    }

    @Override
    public String toString() {
        return query;
    }
}
