package dev.twinops.hub.mqtt;

import java.util.ArrayDeque;
import java.util.function.IntConsumer;

/**
 * The PUBACKs one connection owes its device: each goes out once its message is handled (a reported-properties
 * patch once it is committed, so an acknowledged patch is never lost), and all in the order the PUBLISHes arrived,
 * as MQTT 3.1.1 (section 4.6) requires. Event-loop confined, like its connection.
 */
final class PubAcks {
    /**
     * More unacknowledged QoS 1 messages than a packet id can tell apart: no MQTT client can be waiting for this
     * many acknowledgements, so one that sends more is misbehaving.
     */
    static final int MAX_PENDING = 65_535;

    /** One PUBLISH awaiting its acknowledgement. */
    static final class Pending {
        private final int packetId;
        private boolean handled;
        private Runnable afterPubAck;

        private Pending(int packetId) {
            this.packetId = packetId;
        }

        /**
         * Runs once this message's PUBACK is written. A twin GET is answered only then: the device SDK forgets a
         * request when its answer arrives, so a PUBACK after the answer would never reach its callback.
         */
        void afterPubAck(Runnable action) {
            this.afterPubAck = action;
        }
    }

    private final IntConsumer sendPubAck;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    PubAcks(IntConsumer sendPubAck) {
        this.sendPubAck = sendPubAck;
    }

    /** A QoS 1 PUBLISH arrived; null if the device already has {@link #MAX_PENDING} waiting. */
    Pending arrived(int packetId) {
        if (pending.size() >= MAX_PENDING) {
            return null;
        }
        Pending entry = new Pending(packetId);
        pending.add(entry);
        return entry;
    }

    /** Its message is handled: acknowledges it and every handled one after it, up to one still being handled. */
    void handled(Pending entry) {
        entry.handled = true;
        while (!pending.isEmpty() && pending.peek().handled) {
            Pending done = pending.poll();
            sendPubAck.accept(done.packetId);
            if (done.afterPubAck != null) {
                done.afterPubAck.run();
            }
        }
    }

    int pendingCount() {
        return pending.size();
    }
}
