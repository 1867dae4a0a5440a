package dev.twinops.console.imports;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One device of an import file, as read: its line in the file, id, tags (null when the row sets none) and keys
 * (both null when the hub is to generate them), and what is wrong with it. A row with problems is not sent.
 */
public record ImportRow(long line, String deviceId, ObjectNode tags, String primaryKey, String secondaryKey,
                        List<String> problems) {

    public ImportRow {
        Objects.requireNonNull(deviceId, "deviceId");
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    public boolean hasKeys() {
        return primaryKey != null;
    }

    /** The tags as compact JSON, "" without tags (for the preview and the results). */
    public String tagsJson() {
        return tags == null || tags.isEmpty() ? "" : tags.toString();
    }

    /** Without the keys, which must not travel further than the request to the hub. */
    @Override
    public String toString() {
        return "ImportRow[line=" + line + ", deviceId=" + deviceId + ", tags=" + tagsJson() + ", keys="
                + (hasKeys() ? "given" : "generated") + ", problems=" + problems + "]";
    }
}
