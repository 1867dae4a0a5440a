package dev.twinops.hub.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The QoS 1 messages the hub sent in one device's MQTT session that the device has not acknowledged yet, with the
 * packet ids they went out under. A device that reconnects with {@code cleanSession=false} gets them again, with
 * their original packet ids and the DUP flag (MQTT 3.1.1 section 4.4); a clean session starts empty. Kept in
 * memory for as long as the hub runs.
 *
 * <p>Thread-safe: the connection that is closing and the one that replaces it may touch it from different event
 * loops.
 */
final class Outbox {
    /**
     * Bytes of unacknowledged messages one session may hold; beyond them a message is not sent. IoT Hub holds at
     * most 50 cloud-to-device messages of at most 64 KB for a device (its quotas article): 3.2 MB.
     */
    static final long MAX_UNACKED_BYTES = 50L * 64 * 1024;
    private static final int MAX_PACKET_ID = 0xFFFF;

    /** A message sent and not acknowledged. */
    record Message(int packetId, String topic, byte[] payload) {
    }

    private final Map<Integer, Message> unacked = new LinkedHashMap<>();
    private long bytes;
    private int lastPacketId;

    /**
     * Records a message about to be sent under a fresh packet id; null (nothing recorded) when the session
     * already holds {@link #MAX_UNACKED_BYTES} or every packet id is in use.
     */
    synchronized Message add(String topic, byte[] payload) {
        if (bytes + payload.length > MAX_UNACKED_BYTES || unacked.size() >= MAX_PACKET_ID) {
            return null;
        }
        do {
            lastPacketId = lastPacketId % MAX_PACKET_ID + 1;
        } while (unacked.containsKey(lastPacketId));
        Message message = new Message(lastPacketId, topic, payload);
        unacked.put(lastPacketId, message);
        bytes += payload.length;
        return message;
    }

    /** Whether a message of this size would still be held (and so sent). */
    synchronized boolean hasRoomFor(int payloadBytes) {
        return bytes + payloadBytes <= MAX_UNACKED_BYTES && unacked.size() < MAX_PACKET_ID;
    }

    /** The device's PUBACK; ids it was never sent are ignored. */
    synchronized void acknowledged(int packetId) {
        Message message = unacked.remove(packetId);
        if (message != null) {
            bytes -= message.payload().length;
        }
    }

    /** What is still unacknowledged, oldest first. */
    synchronized List<Message> unacknowledged() {
        return new ArrayList<>(unacked.values());
    }

    synchronized int size() {
        return unacked.size();
    }
}
