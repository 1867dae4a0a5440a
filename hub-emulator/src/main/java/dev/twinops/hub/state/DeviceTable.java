package dev.twinops.hub.state;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices in memory, shared by the registry, the twins and presence: the committed entries, which any thread
 * reads, and on the writer thread the entries that earlier writes of the batch in progress changed, so that each
 * write sees those before it in the same transaction. Entries are immutable and replaced whole.
 */
final class DeviceTable {

    private final ConcurrentHashMap<String, DeviceEntry> committed;
    /** Writer thread only: devices changed by earlier writes of the batch in progress (empty = deleted). */
    private final Map<String, Optional<DeviceEntry>> staged = new HashMap<>();

    DeviceTable(List<DeviceEntry> loaded) {
        this.committed = new ConcurrentHashMap<>(Math.max(16, loaded.size() * 2));
        for (DeviceEntry entry : loaded) {
            committed.put(entry.identity.deviceId(), entry);
        }
    }

    // ---- any thread: committed state ----

    /** The committed entry, or null. */
    DeviceEntry committed(String deviceId) {
        return deviceId == null ? null : committed.get(deviceId);
    }

    /** The committed entry; DEVICE_NOT_FOUND if there is none. */
    DeviceEntry require(String deviceId) {
        DeviceEntry entry = committed(deviceId);
        if (entry == null) {
            throw notFound(deviceId);
        }
        return entry;
    }

    Collection<DeviceEntry> entries() {
        return committed.values();
    }

    int size() {
        return committed.size();
    }

    // ---- writer thread: the batch in progress ----

    /** The device as the current batch sees it (earlier writes of the batch included), or null. */
    DeviceEntry current(String deviceId) {
        Optional<DeviceEntry> changed = staged.get(deviceId);
        if (changed != null) {
            return changed.orElse(null);
        }
        return committed(deviceId);
    }

    /** As {@link #current}; DEVICE_NOT_FOUND if there is none. */
    DeviceEntry required(String deviceId) {
        DeviceEntry entry = current(deviceId);
        if (entry == null) {
            throw notFound(deviceId);
        }
        return entry;
    }

    /** Makes the entry current for the rest of the batch, and visible to readers once the batch is durable. */
    DeviceEntry stage(GroupCommitWriter.Transaction tx, String deviceId, DeviceEntry entry) {
        staged.put(deviceId, Optional.of(entry));
        tx.onCommit(() -> committed.put(deviceId, entry));
        return entry;
    }

    /** Makes the device absent for the rest of the batch, and for readers once the batch is durable. */
    void stageRemoval(GroupCommitWriter.Transaction tx, String deviceId) {
        staged.put(deviceId, Optional.empty());
        tx.onCommit(() -> committed.remove(deviceId));
    }

    /** After the batch's commit or rollback: what it staged is committed or void. */
    void batchEnded() {
        staged.clear();
    }

    static HubException notFound(String deviceId) {
        return new HubException(HubError.DEVICE_NOT_FOUND, "device '" + deviceId + "' is not registered in this hub");
    }
}
