package dev.twinops.console.dashboard;

import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One row of a {@code SELECT ..., COUNT() AS n FROM devices GROUP BY ...} query: the grouped values by their
 * names in the query, and how many devices share them. A value the devices do not have is absent from the map
 * (the hub leaves it out of the row).
 */
public record GroupCount(Map<String, JsonNode> values, long count) {

    public GroupCount {
        values = Map.copyOf(Objects.requireNonNull(values, "values"));
    }

    /** The grouped value named {@code name}, or null when the devices in this group lack it. */
    public JsonNode value(String name) {
        JsonNode v = values.get(name);
        return v == null || v.isNull() || v.isMissingNode() ? null : v;
    }
}
