package dev.twinops.hub.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The identity registry: devices, their SAS keys and whether they may connect. A new device gets an empty twin;
 * a deleted one takes its twin and the persistent sessions of its clients with it. Writes go through the state's
 * writer like every other change ({@link HubState}), so they are durable before anyone sees them.
 */
public final class DeviceRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

    private final DeviceTable devices;
    private final StateDatabase database;
    private final GroupCommitWriter writer;
    private final StampClock stamps;
    private final PresenceTracker presence;
    private final PersistentSessions sessions;
    private final Clock clock;
    private final IdentityRules rules = new IdentityRules();
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();

    DeviceRegistry(DeviceTable devices, StateDatabase database, GroupCommitWriter writer, StampClock stamps,
                   PresenceTracker presence, PersistentSessions sessions, Clock clock) {
        this.devices = devices;
        this.database = database;
        this.writer = writer;
        this.stamps = stamps;
        this.presence = presence;
        this.sessions = sessions;
        this.clock = clock;
    }

    public Optional<DeviceIdentity> device(String deviceId) {
        DeviceEntry entry = devices.committed(deviceId);
        return entry == null ? Optional.empty() : Optional.of(entry.identity);
    }

    /** Number of registered devices. */
    public int deviceCount() {
        return devices.size();
    }

    /**
     * Creates a device (ifMatch null: fails with DEVICE_ALREADY_EXISTS if it exists) or updates it
     * (ifMatch "*" or its etag: fails with PRECONDITION_FAILED on a mismatch, DEVICE_NOT_FOUND if absent).
     * Null keys are generated. A new device gets an empty twin.
     *
     * <p>On create, the given etag, generationId and statusUpdatedTime are ignored (the hub assigns them). On update,
     * a null key or status keeps the stored one; a status change sets statusUpdatedTime; the etag changes.
     * Keys must be base64 of 16 to 64 bytes; the id must follow IoT Hub's rules (ARGUMENT_INVALID otherwise).
     */
    public CompletableFuture<DeviceIdentity> putDevice(DeviceIdentity device, String ifMatch) {
        try {
            IdentityRules.check(device);
        } catch (HubException e) {
            return CompletableFuture.failedFuture(e);
        }
        String deviceId = device.deviceId();
        return writer.submit(tx -> {
            DeviceEntry current = devices.current(deviceId);
            if (ifMatch == null) {
                if (current != null) {
                    throw new HubException(HubError.DEVICE_ALREADY_EXISTS,
                            "A device with id '" + deviceId + "' is already registered");
                }
                return create(tx, device);
            }
            if (current == null) {
                throw DeviceTable.notFound(deviceId);
            }
            IfMatch.check(ifMatch, current.identity.etag(), "device '" + deviceId + "'");
            return update(tx, current, device);
        });
    }

    /**
     * Deletes a device and its twin; ifMatch "*" or null deletes regardless, else must equal the etag.
     * Also forgets the persistent MQTT sessions of the device ({@code id} and {@code id/module} client ids).
     */
    public CompletableFuture<Void> deleteDevice(String deviceId, String ifMatch) {
        return writer.submit(tx -> {
            DeviceEntry current = devices.required(deviceId);
            IfMatch.check(ifMatch, current.identity.etag(), "device '" + deviceId + "'");
            delete(tx, deviceId);
            return null;
        });
    }

    /** Called on the writer thread after each durable registry change: return quickly, never block. */
    public void addRegistryListener(RegistryListener listener) {
        listeners.add(listener);
    }

    // ---- writer thread: one device's change inside a write ----

    private DeviceIdentity create(GroupCommitWriter.Transaction tx, DeviceIdentity wanted) throws SQLException {
        DeviceIdentity identity = rules.created(wanted);
        Instant created = stamps.next();
        TwinDocument twin = TwinDocument.of(1, TwinMerge.newObject(0),
                TwinMerge.emptySection(TwinMerge.Stamp.of(created, 1L), 1),
                TwinMerge.emptySection(TwinMerge.Stamp.of(created, null), 1));
        database.insertDevice(identity, IotHubTime.NEVER);
        database.insertTwin(identity.deviceId(), twin);
        devices.stage(tx, identity.deviceId(), new DeviceEntry(identity, twin, new Presence(IotHubTime.NEVER)));
        notifyUpdated(tx, identity);
        return identity;
    }

    private DeviceIdentity update(GroupCommitWriter.Transaction tx, DeviceEntry current, DeviceIdentity wanted)
            throws SQLException {
        DeviceEntry result = current.with(rules.updated(current.identity, wanted, clock.instant()));
        database.updateDevice(result.identity, result.presence.current().lastActivity());
        devices.stage(tx, result.identity.deviceId(), result);
        notifyUpdated(tx, result.identity);
        return result.identity;
    }

    private void delete(GroupCommitWriter.Transaction tx, String deviceId) throws SQLException {
        database.deleteDevice(deviceId);
        sessions.forgetClientsOf(tx, deviceId);
        devices.stageRemoval(tx, deviceId);
        tx.onCommit(() -> presence.forget(deviceId));
        tx.notifyAfterCommit(() -> listeners.forEach(l -> notifySafely(() -> l.deviceDeleted(deviceId))));
    }

    private void notifyUpdated(GroupCommitWriter.Transaction tx, DeviceIdentity identity) {
        tx.notifyAfterCommit(() -> listeners.forEach(l -> notifySafely(() -> l.deviceUpdated(identity))));
    }

    private static void notifySafely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("A registry listener failed", e);
        }
    }
}
