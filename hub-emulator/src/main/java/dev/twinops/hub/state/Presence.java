package dev.twinops.hub.state;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether a device is connected and when it was last active: memory only (IoT Hub does not version it), updated
 * from many event-loop threads, so it is one atomically swapped immutable value.
 */
final class Presence {

    /** @param connections open connections; counting them keeps "replace the old connection" races harmless */
    record State(int connections, Instant lastActivity) {
        boolean connected() {
            return connections > 0;
        }
    }

    private final AtomicReference<State> state;

    Presence(Instant lastActivity) {
        this.state = new AtomicReference<>(new State(0, lastActivity));
    }

    State current() {
        return state.get();
    }

    void connected(Instant now) {
        state.updateAndGet(s -> new State(s.connections() + 1, now));
    }

    void disconnected(Instant now) {
        state.updateAndGet(s -> new State(Math.max(0, s.connections() - 1), now));
    }

    void active(Instant now) {
        state.updateAndGet(s -> new State(s.connections(), now));
    }
}
