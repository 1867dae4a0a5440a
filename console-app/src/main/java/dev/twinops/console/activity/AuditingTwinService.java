package dev.twinops.console.activity;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.twin.TwinService;
import dev.twinops.console.twin.TwinSnapshot;

/**
 * Twins as the twin pane reads and edits them, with every edit recorded in the journal: the device, the patch of
 * tags and desired properties (values whose names look secret are redacted by the journal) and the outcome.
 */
public final class AuditingTwinService implements TwinService {

    private final TwinService next;
    private final ConsoleJournal journal;

    public AuditingTwinService(TwinService next, ConsoleJournal journal) {
        this.next = Objects.requireNonNull(next);
        this.journal = Objects.requireNonNull(journal);
    }

    @Override
    public TwinSnapshot get(HubConnection hub, String deviceId) throws Exception {
        return next.get(hub, deviceId);
    }

    @Override
    public TwinSnapshot patch(HubConnection hub, String deviceId, ObjectNode tagsPatch, ObjectNode desiredPatch,
                              String etag) throws Exception {
        var event = journal.event("twin.edit").targets(List.of(deviceId))
                .detail("tags", asMap(tagsPatch)).detail("desired", asMap(desiredPatch));
        try {
            TwinSnapshot result = next.patch(hub, deviceId, tagsPatch, desiredPatch, etag);
            journal.record(event.outcome("ok"));
            return result;
        } catch (Exception e) {
            journal.record(event.outcome("failed: " + e.getMessage()));
            throw e;
        }
    }

    /** As a map, so the journal sees nested names (a desired "apiKey" is redacted wherever it sits). */
    private static Object asMap(ObjectNode patch) {
        return patch == null ? null : MAPPER.convertValue(patch, java.util.Map.class);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();
}
