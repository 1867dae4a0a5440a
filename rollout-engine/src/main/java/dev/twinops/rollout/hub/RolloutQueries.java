package dev.twinops.rollout.hub;

import dev.twinops.rollout.plan.OperationType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rollout's IoT Hub query language: conditions for selections, the aggregate and detail queries, and id
 * lists cut so that every query stays under IoT Hub's 8 KB limit.
 */
public final class RolloutQueries {

    /** IoT Hub's limit on a query's text. */
    public static final int MAX_QUERY_LENGTH = 8192;
    /** Room for an IN list: the longest query around it (projection, wave clause) is well under 1 KB. */
    public static final int MAX_ID_LIST_LENGTH = 6500;

    private RolloutQueries() {
    }

    public static String condition(DeviceSelection selection) {
        if (selection instanceof DeviceSelection.Target t) {
            return t.targetCondition();
        }
        if (selection instanceof DeviceSelection.Unassigned u) {
            StringBuilder s = new StringBuilder("(").append(u.targetCondition()).append(")");
            if (u.condition() != null && !u.condition().isBlank()) {
                s.append(" AND (").append(u.condition().strip()).append(")");
            }
            s.append(" AND (NOT IS_DEFINED(tags.rollout.id) OR tags.rollout.id != ").append(quote(u.rolloutId()))
                    .append(")");
            return s.toString();
        }
        if (selection instanceof DeviceSelection.Ids ids) {
            return inList(ids.deviceIds());
        }
        DeviceSelection.Wave w = (DeviceSelection.Wave) selection;
        StringBuilder s = new StringBuilder("tags.rollout.id = ").append(quote(w.rolloutId()))
                .append(" AND tags.rollout.wave = ").append(w.wave());
        if (w.batch() != null) {
            s.append(" AND tags.rollout.batch = ").append(w.batch());
        }
        if (w.deviceIds() != null) {
            s.append(" AND ").append(inList(w.deviceIds()));
        }
        if (w.notAtVersion() != null) {
            s.append(" AND (NOT IS_DEFINED(properties.reported.firmwareVersion) OR properties.reported.firmwareVersion"
                    + " != ").append(quote(w.notAtVersion())).append(")");
        }
        return s.toString();
    }

    /** The reported status path the aggregate groups by; null for a plain method (no reported state). */
    public static String statusPath(OperationType operation) {
        return switch (operation) {
            case FIRMWARE_UPDATE -> "properties.reported.iothubDM.firmwareUpdate.status";
            case REBOOT -> "properties.reported.iothubDM.reboot.status";
            case METHOD -> null;
        };
    }

    static String sectionPath(OperationType operation) {
        return switch (operation) {
            case FIRMWARE_UPDATE -> "properties.reported.iothubDM.firmwareUpdate";
            case REBOOT -> "properties.reported.iothubDM.reboot";
            case METHOD -> throw new IllegalArgumentException("a method has no reported section");
        };
    }

    /** {@code SELECT <status> AS s, COUNT() AS n FROM devices WHERE <wave> GROUP BY <status>}. */
    public static String aggregateQuery(String rolloutId, int wave, OperationType operation) {
        String status = statusPath(operation);
        return "SELECT " + status + " AS s, COUNT() AS n FROM devices WHERE "
                + condition(DeviceSelection.Wave.all(rolloutId, wave)) + " GROUP BY " + status;
    }

    /** The fields a progress round judges a device by, and the time its status was written. */
    public static String detailQuery(DeviceSelection.Wave selection, OperationType operation) {
        return detailQuery(selection, operation, true);
    }

    /** As {@link #detailQuery(DeviceSelection.Wave, OperationType)}, optionally without the status's time. */
    public static String detailQuery(DeviceSelection.Wave selection, OperationType operation, boolean statusTime) {
        String section = sectionPath(operation);
        String metadata = section.replace("properties.reported.", "properties.reported.$metadata.");
        return "SELECT deviceId, connectionState, properties.reported.firmwareVersion AS firmwareVersion, "
                + section + " AS section" + (statusTime ? ", " + metadata + ".status.$lastUpdated AS statusAt" : "")
                + " FROM devices WHERE " + condition(selection);
    }

    public static String membersQuery(DeviceSelection selection) {
        return "SELECT deviceId, connectionState, properties.reported.firmwareVersion AS firmwareVersion, "
                + "tags.rollout.batch AS batch FROM devices WHERE " + condition(selection);
    }

    public static String countQuery(DeviceSelection selection) {
        return "SELECT COUNT() AS n FROM devices WHERE " + condition(selection);
    }

    /** Cuts ids into lists whose {@code deviceId IN [...]} text stays within {@link #MAX_ID_LIST_LENGTH}. */
    public static List<List<String>> chunkIds(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int length = "deviceId IN []".length();
        for (String id : ids) {
            int add = quote(id).length() + 2;
            if (!current.isEmpty() && length + add > MAX_ID_LIST_LENGTH) {
                chunks.add(List.copyOf(current));
                current.clear();
                length = "deviceId IN []".length();
            }
            current.add(id);
            length += add;
        }
        if (!current.isEmpty()) {
            chunks.add(List.copyOf(current));
        }
        return chunks;
    }

    public static String inList(List<String> ids) {
        return ids.stream().map(RolloutQueries::quote).collect(Collectors.joining(", ", "deviceId IN [", "]"));
    }

    /** A query string literal: {@code 'it\'s'}. */
    public static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
