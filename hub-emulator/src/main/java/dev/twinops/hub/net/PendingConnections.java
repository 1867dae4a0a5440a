package dev.twinops.hub.net;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections that have not authenticated yet, counted per remote address, at most {@code limitPerAddress} of
 * them at a time: one address cannot hold the hub's connection slots with connections that never say who they
 * are. Thread-safe (connections are admitted and released on different event loops).
 */
public final class PendingConnections {
    private final int limitPerAddress;
    private final ConcurrentHashMap<InetAddress, Integer> counts = new ConcurrentHashMap<>();

    public PendingConnections(int limitPerAddress) {
        if (limitPerAddress < 1) {
            throw new IllegalArgumentException("limit per address must be at least 1, not " + limitPerAddress);
        }
        this.limitPerAddress = limitPerAddress;
    }

    /** Counts a new connection from {@code address} in; false (and not counted) if the address has its fill. */
    public boolean tryAdmit(InetAddress address) {
        boolean[] admitted = new boolean[1];
        counts.compute(address, (a, count) -> {
            int current = count == null ? 0 : count;
            admitted[0] = current < limitPerAddress;
            return admitted[0] ? current + 1 : current;
        });
        return admitted[0];
    }

    /** The connection authenticated or closed: once per admitted connection. */
    public void release(InetAddress address) {
        counts.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }

    /** Connections from {@code address} admitted and not yet released. */
    public int pending(InetAddress address) {
        return counts.getOrDefault(address, 0);
    }
}
