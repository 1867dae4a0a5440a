package dev.twinops.hub.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Result lists of queries being paged through. A query is evaluated once; its rows are kept under a random
 * snapshot id for a while, and continuation tokens ({@code base64url(snapshotId:offset)}) point into that list,
 * so every row is returned exactly once even while twins change between pages. The rows are kept unprojected
 * ({@code TwinQuery.executeUnprojected}): the state's immutable twin documents, not copies, projected when their page
 * is sent, so a snapshot costs one reference per row.
 */
final class QueryPages {
    /** A snapshot unused for this long is dropped; a later token for it re-runs the query. */
    static final Duration SNAPSHOT_TTL = Duration.ofMinutes(5);
    /** Bound on memory: the oldest snapshots are dropped first. */
    static final int MAX_SNAPSHOTS = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    record Snapshot(String id, String queryText, List<JsonNode> rows, Instant lastUsed) {
    }

    /** A decoded continuation token. */
    record Continuation(String snapshotId, int offset) {
    }

    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Clock clock;

    QueryPages(Clock clock) {
        this.clock = clock;
    }

    /** Keeps the rows of a query that has more than one page; returns the snapshot id. */
    String keep(String queryText, List<JsonNode> rows) {
        evictStale();
        byte[] idBytes = new byte[12];
        RANDOM.nextBytes(idBytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
        snapshots.put(id, new Snapshot(id, queryText, rows, clock.instant()));
        return id;
    }

    /** The rows kept for a snapshot of this query, if still there. */
    Optional<List<JsonNode>> rows(String snapshotId, String queryText) {
        Snapshot s = snapshots.get(snapshotId);
        if (s == null) {
            return Optional.empty();
        }
        if (!s.queryText().equals(queryText)) {
            throw new HubException(HubError.ARGUMENT_INVALID,
                    "The continuation token belongs to a different query; send the query it was issued for");
        }
        snapshots.put(snapshotId, new Snapshot(s.id(), s.queryText(), s.rows(), clock.instant()));
        return Optional.of(s.rows());
    }

    void forget(String snapshotId) {
        snapshots.remove(snapshotId);
    }

    int size() {
        return snapshots.size();
    }

    static String token(String snapshotId, int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((snapshotId + ":" + offset).getBytes(StandardCharsets.US_ASCII));
    }

    static Continuation parseToken(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.US_ASCII);
            int colon = text.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("no offset");
            }
            int offset = Integer.parseInt(text.substring(colon + 1));
            if (offset < 0) {
                throw new IllegalArgumentException("negative offset");
            }
            return new Continuation(text.substring(0, colon), offset);
        } catch (IllegalArgumentException e) {
            throw new HubException(HubError.ARGUMENT_INVALID,
                    "The x-ms-continuation token is not one this hub issued");
        }
    }

    private void evictStale() {
        Instant cutoff = clock.instant().minus(SNAPSHOT_TTL);
        snapshots.values().removeIf(s -> s.lastUsed().isBefore(cutoff));
        while (snapshots.size() >= MAX_SNAPSHOTS) {
            Snapshot oldest = null;
            for (Iterator<Snapshot> it = snapshots.values().iterator(); it.hasNext(); ) {
                Snapshot s = it.next();
                if (oldest == null || s.lastUsed().isBefore(oldest.lastUsed())) {
                    oldest = s;
                }
            }
            if (oldest == null) {
                break;
            }
            snapshots.remove(oldest.id());
        }
    }
}
