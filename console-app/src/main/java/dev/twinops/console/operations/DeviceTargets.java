package dev.twinops.console.operations;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The devices an operation is for: the operator's selection (explicit ids), or every device matching the query
 * the list shows (the hub resolves the condition when the job starts, so devices on later pages are included).
 *
 * @param deviceIds      the selected ids; for a query target, the ids matching when the operation was prepared
 *                       (empty until resolved)
 * @param queryCondition the WHERE condition of a query target ("" for every device), null for a selection
 * @param count          how many devices: the selection's size or the hub's count for the query
 */
public record DeviceTargets(List<String> deviceIds, String queryCondition, long count) {

    /** The job condition that selects every device (IoT Hub requires a condition). */
    public static final String EVERY_DEVICE = "IS_DEFINED(deviceId)";

    public DeviceTargets {
        deviceIds = List.copyOf(Objects.requireNonNull(deviceIds, "deviceIds"));
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
    }

    public static DeviceTargets selection(List<String> deviceIds) {
        return new DeviceTargets(deviceIds, null, deviceIds.size());
    }

    /** Every device matching {@code condition} ("" for all devices), {@code count} as the hub counted them. */
    public static DeviceTargets matching(String condition, long count) {
        return new DeviceTargets(List.of(), condition == null ? "" : condition.strip(), count);
    }

    public boolean isQuery() {
        return queryCondition != null;
    }

    /** A single selected device: it gets a direct method call instead of a job. */
    public boolean isSingleDevice() {
        return !isQuery() && deviceIds.size() == 1;
    }

    /** The same query target with the ids the hub returned for it. */
    public DeviceTargets withResolvedIds(List<String> ids) {
        return new DeviceTargets(ids, queryCondition, isQuery() ? ids.size() : count);
    }

    /** The job's {@code queryCondition}: {@code deviceId IN ['a', 'b']} or the query's own condition. */
    public String jobCondition() {
        if (isQuery()) {
            return queryCondition.isEmpty() ? EVERY_DEVICE : queryCondition;
        }
        return inCondition(deviceIds);
    }

    /** {@code deviceId IN ['a', 'b']}, with quotes and backslashes in ids escaped. */
    public static String inCondition(List<String> ids) {
        return ids.stream().map(DeviceTargets::quote).collect(Collectors.joining(", ", "deviceId IN [", "]"));
    }

    /** A query string literal: {@code 'it\'s'}. */
    public static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** "sensor-1", "3 selected devices", "all 1,000 devices matching tags.site = 'a'", "all 12 devices". */
    public String describe() {
        if (isSingleDevice()) {
            return deviceIds.get(0);
        }
        String n = String.format(Locale.ROOT, "%,d", count);
        if (!isQuery()) {
            return n + " selected devices";
        }
        String devices = count == 1 ? " device" : " devices";
        return queryCondition.isEmpty() ? "all " + n + devices : "all " + n + devices + " matching " + queryCondition;
    }
}
