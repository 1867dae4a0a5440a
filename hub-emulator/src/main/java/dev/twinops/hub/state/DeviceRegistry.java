package dev.twinops.hub.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The identity registry: devices, their SAS keys and whether they may connect. A new device gets an empty twin;
 * a deleted one takes its twin and the persistent sessions of its clients with it. Writes go through the state's
 * writer like every other change ({@link HubState}), so they are durable before anyone sees them.
 */
public final class DeviceRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

    /** IoT Hub's limit on the devices of one bulk registry request. */
    public static final int MAX_BULK_OPERATIONS = 100;

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
            List<Runnable> staging = new ArrayList<>(1);
            DeviceIdentity result;
            if (ifMatch == null) {
                if (current != null) {
                    throw alreadyExists(deviceId);
                }
                result = create(tx, device, staging);
            } else {
                if (current == null) {
                    throw DeviceTable.notFound(deviceId);
                }
                IfMatch.check(ifMatch, current.identity.etag(), "device '" + deviceId + "'");
                result = update(tx, current, device, staging);
            }
            staging.forEach(Runnable::run);
            return result;
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
            List<Runnable> staging = new ArrayList<>(1);
            delete(tx, deviceId, staging);
            staging.forEach(Runnable::run);
            return null;
        });
    }

    /**
     * A bulk registry request: up to {@link #MAX_BULK_OPERATIONS} devices created, updated or deleted as their
     * {@link ImportMode}s say, each device at most once. A device whose part cannot be done (its id or keys break
     * IoT Hub's rules, it exists or not as its mode needs, its eTag does not match) is refused alone and the others
     * are done; the request is one write, so everything it does reaches the disk in one commit or not at all.
     * Completes with the refusals in request order (empty when every part was done).
     *
     * @throws HubException (as the future's failure) TOO_MANY_DEVICES over the limit, DEVICE_DEFINED_MULTIPLE_TIMES,
     *                      ARGUMENT_INVALID for an empty request
     */
    public CompletableFuture<List<RegistryOperation.Refusal>> apply(List<RegistryOperation> operations) {
        Map<Integer, RegistryOperation.Refusal> refused = new TreeMap<>();
        List<Integer> accepted = new ArrayList<>(operations.size());
        try {
            checkBulk(operations);
            for (int i = 0; i < operations.size(); i++) {
                RegistryOperation operation = operations.get(i);
                try {
                    if (operation.mode().deletes()) {
                        IdentityRules.checkDeviceId(operation.deviceId());
                    } else {
                        IdentityRules.check(operation.device());
                    }
                    if (operation.mode().checksETag() && operation.eTag() == null) {
                        throw TwinRules.invalid("importMode " + operation.mode().wireName() + " needs the device's eTag");
                    }
                    accepted.add(i);
                } catch (HubException e) {
                    refused.put(i, new RegistryOperation.Refusal(operation.deviceId(), e.error(), e.getMessage()));
                }
            }
        } catch (HubException e) {
            return CompletableFuture.failedFuture(e);
        }
        return writer.submit(tx -> {
            List<Runnable> staging = new ArrayList<>(accepted.size());
            for (int i : accepted) {
                RegistryOperation operation = operations.get(i);
                try {
                    applyOne(tx, operation, staging);
                } catch (HubException e) {
                    refused.put(i, new RegistryOperation.Refusal(operation.deviceId(), e.error(), e.getMessage()));
                }
            }
            // only once every statement of the request succeeded: a failure above undoes the request as a whole
            staging.forEach(Runnable::run);
            return List.copyOf(refused.values());
        });
    }

    /** Called on the writer thread after each durable registry change: return quickly, never block. */
    public void addRegistryListener(RegistryListener listener) {
        listeners.add(listener);
    }

    private static void checkBulk(List<RegistryOperation> operations) {
        if (operations.isEmpty()) {
            throw TwinRules.invalid("a bulk registry request needs at least one device");
        }
        if (operations.size() > MAX_BULK_OPERATIONS) {
            throw new HubException(HubError.TOO_MANY_DEVICES, "A bulk registry request may name at most "
                    + MAX_BULK_OPERATIONS + " devices, not " + operations.size());
        }
        Set<String> seen = new HashSet<>();
        for (RegistryOperation operation : operations) {
            if (!seen.add(operation.deviceId())) {
                throw new HubException(HubError.DEVICE_DEFINED_MULTIPLE_TIMES, "The device '" + operation.deviceId()
                        + "' is named more than once; a bulk registry request may name each device once");
            }
        }
    }

    // ---- writer thread: one device's change inside a write; what makes it visible is added to staging ----

    private void applyOne(GroupCommitWriter.Transaction tx, RegistryOperation operation, List<Runnable> staging)
            throws SQLException {
        ImportMode mode = operation.mode();
        String deviceId = operation.deviceId();
        DeviceEntry current = devices.current(deviceId);
        if (current == null) {
            if (!mode.mayCreate()) {
                throw DeviceTable.notFound(deviceId);
            }
            create(tx, operation.device(), staging);
            return;
        }
        if (mode == ImportMode.CREATE) {
            throw alreadyExists(deviceId);
        }
        if (mode.checksETag()) {
            IfMatch.check(operation.eTag(), current.identity.etag(), "device '" + deviceId + "'");
        }
        if (mode.deletes()) {
            delete(tx, deviceId, staging);
        } else {
            update(tx, current, operation.device(), staging);
        }
    }

    private DeviceIdentity create(GroupCommitWriter.Transaction tx, DeviceIdentity wanted, List<Runnable> staging)
            throws SQLException {
        DeviceIdentity identity = rules.created(wanted);
        Instant created = stamps.next();
        TwinDocument twin = TwinDocument.of(1, TwinMerge.newObject(0),
                TwinMerge.emptySection(TwinMerge.Stamp.of(created, 1L), 1),
                TwinMerge.emptySection(TwinMerge.Stamp.of(created, null), 1));
        database.insertDevice(identity, IotHubTime.NEVER);
        database.insertTwin(identity.deviceId(), twin);
        DeviceEntry entry = new DeviceEntry(identity, twin, new Presence(IotHubTime.NEVER));
        staging.add(() -> devices.stage(tx, identity.deviceId(), entry));
        notifyUpdated(tx, identity);
        return identity;
    }

    private DeviceIdentity update(GroupCommitWriter.Transaction tx, DeviceEntry current, DeviceIdentity wanted,
                                  List<Runnable> staging) throws SQLException {
        DeviceEntry result = current.with(rules.updated(current.identity, wanted, clock.instant()));
        database.updateDevice(result.identity, result.presence.current().lastActivity());
        staging.add(() -> devices.stage(tx, result.identity.deviceId(), result));
        notifyUpdated(tx, result.identity);
        return result.identity;
    }

    private void delete(GroupCommitWriter.Transaction tx, String deviceId, List<Runnable> staging) throws SQLException {
        database.deleteDevice(deviceId);
        sessions.forgetClientsOf(tx, deviceId);
        staging.add(() -> devices.stageRemoval(tx, deviceId));
        tx.onCommit(() -> presence.forget(deviceId));
        tx.notifyAfterCommit(() -> listeners.forEach(l -> notifySafely(() -> l.deviceDeleted(deviceId))));
    }

    private void notifyUpdated(GroupCommitWriter.Transaction tx, DeviceIdentity identity) {
        tx.notifyAfterCommit(() -> listeners.forEach(l -> notifySafely(() -> l.deviceUpdated(identity))));
    }

    private static HubException alreadyExists(String deviceId) {
        return new HubException(HubError.DEVICE_ALREADY_EXISTS, "A device with id '" + deviceId + "' is already registered");
    }

    private static void notifySafely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("A registry listener failed", e);
        }
    }
}
