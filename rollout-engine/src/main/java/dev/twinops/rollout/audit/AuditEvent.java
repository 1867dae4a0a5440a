package dev.twinops.rollout.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An operator action or a decision taken on the operator's behalf, as the journal records it. Generic on purpose:
 * rollouts, single operations and twin edits all say what happened ({@code action}), to what ({@code targets}:
 * device ids or a query condition), through which jobs, and how it ended.
 *
 * @param action  e.g. {@code rollout.paused}, {@code operation.firmwareUpdate}, {@code twin.edit}
 * @param hub     the hub's host name
 * @param outcome e.g. {@code ok}, {@code refused: ...}, {@code failure threshold reached}
 * @param details anything else worth keeping (values: strings, numbers, booleans, lists, maps)
 */
public record AuditEvent(String action, String hub, List<String> targets, List<String> jobIds, String outcome,
                         Map<String, Object> details) {

    /** Longer target lists are cut, with a count of the rest, to keep each line readable. */
    public static final int MAX_TARGETS = 100;

    public AuditEvent {
        Objects.requireNonNull(action, "action");
        if (action.isBlank()) {
            throw new IllegalArgumentException("an audit event needs an action");
        }
        targets = targets == null ? List.of() : cut(targets);
        jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
        details = details == null ? Map.of() : new LinkedHashMap<>(details);
    }

    public static AuditEvent of(String action, String hub) {
        return new AuditEvent(action, hub, List.of(), List.of(), null, Map.of());
    }

    public AuditEvent targets(List<String> newTargets) {
        return new AuditEvent(action, hub, newTargets, jobIds, outcome, details);
    }

    public AuditEvent jobIds(List<String> newJobIds) {
        return new AuditEvent(action, hub, targets, newJobIds, outcome, details);
    }

    public AuditEvent outcome(String newOutcome) {
        return new AuditEvent(action, hub, targets, jobIds, newOutcome, details);
    }

    public AuditEvent detail(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(details);
        m.put(key, value);
        return new AuditEvent(action, hub, targets, jobIds, outcome, m);
    }

    private static List<String> cut(List<String> targets) {
        if (targets.size() <= MAX_TARGETS) {
            return List.copyOf(targets);
        }
        List<String> head = new java.util.ArrayList<>(targets.subList(0, MAX_TARGETS));
        head.add("... and " + (targets.size() - MAX_TARGETS) + " more");
        return List.copyOf(head);
    }
}
