package dev.twinops.console.devices;

import dev.twinops.dm.reported.ReportedPatches;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the operator typed in the query bar, as a twin query over whole device twins. Accepts nothing
 * (every device), a condition ({@code tags.site = 'plant-1'}), a condition with WHERE, or a full
 * {@code SELECT * FROM devices [WHERE ...]}. The hub checks the condition itself; only shapes the device
 * table cannot show (projections, modules, jobs) are refused here.
 */
public record DeviceQuery(String condition) {

    public static final DeviceQuery ALL_DEVICES = new DeviceQuery("");

    private static final Pattern FULL_QUERY = Pattern.compile(
            "select\\s+\\*\\s+from\\s+devices(?:\\s+where\\s+(.+))?", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ANY_SELECT = Pattern.compile("select\\b.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern WHERE_PREFIX = Pattern.compile("where\\s+(.+)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    public DeviceQuery {
        Objects.requireNonNull(condition, "condition");
    }

    /** @throws InvalidDeviceQueryException for a query the device table cannot show */
    public static DeviceQuery parse(String input) {
        String text = input == null ? "" : input.strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).stripTrailing();
        }
        if (text.isEmpty()) {
            return ALL_DEVICES;
        }
        Matcher full = FULL_QUERY.matcher(text);
        if (full.matches()) {
            return full.group(1) == null ? ALL_DEVICES : new DeviceQuery(full.group(1).strip());
        }
        if (ANY_SELECT.matcher(text).matches()) {
            throw new InvalidDeviceQueryException("The device list shows whole twins: write SELECT * FROM devices "
                    + "WHERE <condition>, or just the condition (e.g. tags.site = 'plant-1').");
        }
        Matcher where = WHERE_PREFIX.matcher(text);
        if (where.matches()) {
            return new DeviceQuery(where.group(1).strip());
        }
        if (text.regionMatches(true, 0, "where", 0, 5) && text.length() == 5) {
            throw new InvalidDeviceQueryException("WHERE needs a condition, e.g. WHERE tags.site = 'plant-1'.");
        }
        return new DeviceQuery(text);
    }

    public boolean isAllDevices() {
        return condition.isEmpty();
    }

    /** The twin query the list runs. */
    public String selectText() {
        return "SELECT * FROM devices" + whereClause();
    }

    /**
     * The projection of a row's fields ({@link DeviceSnapshotReader} reads it): IoT Hub names a projected property by
     * its last segment, so the reported firmware version is named explicitly.
     */
    public static final String ROW_FIELDS = "deviceId, status, connectionState, lastActivityTime, tags, "
            + "properties.reported." + ReportedPatches.FIRMWARE_VERSION + " AS " + ReportedPatches.FIRMWARE_VERSION;

    /**
     * What the device list runs: the same devices, projected to the fields a row shows (a twin's {@code $metadata},
     * desired properties and the rest of its reported ones are most of its size; the twin pane reads the whole twin
     * of the selected device on its own).
     */
    public String listText() {
        return "SELECT " + ROW_FIELDS + " FROM devices" + whereClause();
    }

    /** The query that counts the same devices. */
    public String countText() {
        return "SELECT COUNT() AS total FROM devices" + whereClause();
    }

    /** How the query is remembered in the history: the bare condition ("" for every device). */
    public String historyText() {
        return condition;
    }

    private String whereClause() {
        return condition.isEmpty() ? "" : " WHERE " + condition;
    }
}
