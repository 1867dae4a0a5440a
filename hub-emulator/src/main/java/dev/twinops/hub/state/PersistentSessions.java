package dev.twinops.hub.state;

import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topic filters of MQTT persistent sessions (cleanSession=false), by client id, kept across reconnects and hub
 * restarts because the device SDK does not subscribe again after a reconnect. Read from memory; each change is
 * stored in {@code state.db} before it is visible.
 */
public final class PersistentSessions {

    private final ConcurrentHashMap<String, Set<String>> sessions;
    private final StateDatabase database;
    private final GroupCommitWriter writer;

    PersistentSessions(Map<String, Set<String>> loaded, StateDatabase database, GroupCommitWriter writer) {
        this.sessions = new ConcurrentHashMap<>(loaded);
        this.database = database;
        this.writer = writer;
    }

    /** The topic filters the client with this id subscribed to (empty if it has no stored session). */
    public Set<String> subscriptions(String clientId) {
        Set<String> filters = clientId == null ? null : sessions.get(clientId);
        return filters == null ? Set.of() : filters;
    }

    /**
     * Replaces the stored topic filters of a client's session (an empty set forgets the session); completes once
     * durable.
     */
    public CompletableFuture<Void> save(String clientId, Set<String> topicFilters) {
        if (clientId == null || topicFilters == null) {
            return CompletableFuture.failedFuture(TwinRules.invalid("a client id and a set of topic filters are required"));
        }
        Set<String> copy = Collections.unmodifiableSet(new LinkedHashSet<>(topicFilters));
        return writer.submit(tx -> {
            database.replaceSessionSubscriptions(clientId, copy);
            tx.onCommit(() -> {
                if (copy.isEmpty()) {
                    sessions.remove(clientId);
                } else {
                    sessions.put(clientId, copy);
                }
            });
            return null;
        });
    }

    int count() {
        return sessions.size();
    }

    /** Writer thread, inside a device's deletion: forgets the sessions of its clients ({@code id} and {@code id/module}). */
    void forgetClientsOf(GroupCommitWriter.Transaction tx, String deviceId) throws SQLException {
        database.deleteSessionsOf(deviceId);
        tx.onCommit(() -> sessions.keySet().removeIf(clientId -> isClientOf(clientId, deviceId)));
    }

    private static boolean isClientOf(String clientId, String deviceId) {
        return clientId.equals(deviceId) || clientId.startsWith(deviceId + "/");
    }
}
