package dev.twinops.rollout.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One line of the journal: the event, its place ({@code seq}, from 1), and the hash chain ({@code prev} is the
 * previous entry's {@code hash}; the first entry's is 64 zeros).
 */
public record AuditEntry(long seq, Instant time, String hub, String action, List<String> targets,
                         List<String> jobIds, String outcome, Map<String, Object> details, String prev,
                         String hash) {
}
