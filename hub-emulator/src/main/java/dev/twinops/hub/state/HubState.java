package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hub's durable state: the identity registry ({@link #registry()}), device twins (this class), device presence
 * ({@link #presence()}) and persistent MQTT sessions ({@link #sessions()}), kept in the SQLite file {@code state.db}
 * in the data directory, with an in-memory copy for reads and queries. (Scheduled jobs keep their own file,
 * {@code jobs.db}; see {@code dev.twinops.hub.jobs}.)
 *
 * <p>Every write returns a future that completes only once the change is durable, so an endpoint
 * acknowledges a write (HTTP response, MQTT twin response) only after it is on disk. Refused writes
 * complete exceptionally with a {@link HubException} and change nothing.
 *
 * <p>How it works: arguments are checked on the caller's thread; the write is then queued to one writer
 * thread ({@link GroupCommitWriter}) which checks it against the current state (existence, If-Match, section
 * sizes), writes it to {@code state.db} together with every other write queued meanwhile, commits once
 * (synchronous=FULL), and only then makes the changes visible in memory and completes the futures, in order.
 * So reads never see a change that is not durable, and one device's versions are strictly sequential.
 * Futures complete on the writer thread: chain on them ({@code thenAccept}, {@code whenComplete}), never block
 * on them, and keep what you chain short. Reads ({@link #serviceTwin}, {@link #twins}, ...) never touch the disk.
 *
 * <p>Thread-safe: every method may be called from any thread, e.g. many Netty event loops at once.
 */
public final class HubState implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubState.class);

    private final StateDatabase database;
    private final GroupCommitWriter writer;
    private final DeviceTable devices;
    /** Writer thread only. */
    private final StampClock stamps;
    private final DeviceRegistry registry;
    private final PresenceTracker presence;
    private final PersistentSessions sessions;
    private final List<DesiredPropertiesListener> desiredListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private HubState(StateDatabase database, StateDatabase.Contents contents, Clock clock, int maxBatch) {
        this.database = database;
        this.devices = new DeviceTable(contents.devices());
        this.stamps = new StampClock(clock);
        this.writer = new GroupCommitWriter(database, "hub-state-writer", new GroupCommitWriter.BatchHooks() {
            @Override
            public void beforeCommit(Connection connection) throws SQLException {
                presence.persistDue();
            }

            @Override
            public void batchEnded() {
                devices.batchEnded();
            }
        }, maxBatch);
        this.presence = new PresenceTracker(devices, database, writer, clock);
        this.sessions = new PersistentSessions(contents.sessions(), database, writer);
        this.registry = new DeviceRegistry(devices, database, writer, stamps, presence, sessions, clock);
    }

    /**
     * Opens (creating if needed) the state kept in {@code dataDir}.
     *
     * @throws StateStoreException naming the file and the cause when the directory is not usable, the file is
     *                             not a state database, or another hub holds it
     */
    public static HubState open(Path dataDir) {
        return open(dataDir, Clock.systemUTC());
    }

    static HubState open(Path dataDir, Clock clock) {
        return open(dataDir, clock, GroupCommitWriter.MAX_BATCH);
    }

    static HubState open(Path dataDir, Clock clock, int maxBatch) {
        long started = System.nanoTime();
        StateDatabase database = StateDatabase.open(dataDir);
        StateDatabase.Contents contents;
        try {
            contents = database.load();
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw new StateStoreException("Cannot read hub state " + database.file() + ": " + e.getMessage(), e);
        }
        HubState state = new HubState(database, contents, clock, maxBatch);
        state.writer.start();
        LOG.info("Hub state {}: {} devices, {} persistent sessions loaded in {} ms", database.file(),
                contents.devices().size(), contents.sessions().size(), (System.nanoTime() - started) / 1_000_000);
        return state;
    }

    /** Devices, their keys and status. */
    public DeviceRegistry registry() {
        return registry;
    }

    /** Which devices are connected and when they were last active. */
    public PresenceTracker presence() {
        return presence;
    }

    /** The stored subscriptions of MQTT persistent sessions. */
    public PersistentSessions sessions() {
        return sessions;
    }

    // ---- twins, service side ----

    /**
     * The full twin as the service SDK reads it (deviceId, etag, version, status, connectionState, tags, properties...).
     *
     * @return a private copy the caller may modify
     * @throws HubException DEVICE_NOT_FOUND
     */
    public ObjectNode serviceTwin(String deviceId) {
        return devices.require(deviceId).serviceTwin().deepCopy();
    }

    /**
     * Merges {@code tags} and {@code properties.desired} from {@code patch} (other fields ignored); {@code null} deletes.
     * ifMatch null or "*" means unconditional. Completes with the new full twin.
     *
     * <p>Fails with ARGUMENT_INVALID (a limit or rule broken, nothing stored), DEVICE_NOT_FOUND or
     * PRECONDITION_FAILED (ifMatch is not the twin's etag). A desired change bumps {@code properties.desired.$version},
     * any change bumps the twin {@code version}; desired listeners get the patch once it is durable.
     */
    public CompletableFuture<ObjectNode> patchTwin(String deviceId, JsonNode patch, String ifMatch) {
        ObjectNode tags;
        ObjectNode desired;
        try {
            JsonNode properties = requireObject(patch, "a twin patch").get("properties");
            if (properties != null && !properties.isNull() && !properties.isObject()) {
                throw TwinRules.invalid("properties must be a JSON object");
            }
            tags = TwinRules.checkedCopy(patch.get("tags"), TwinSection.TAGS);
            desired = TwinRules.checkedCopy(properties == null ? null : properties.get("desired"), TwinSection.DESIRED);
        } catch (HubException e) {
            return CompletableFuture.failedFuture(e);
        }
        boolean tagsChange = tags != null && !tags.isEmpty();
        boolean desiredChange = desired != null && !desired.isEmpty();
        return writer.submit(tx -> {
            DeviceEntry entry = devices.required(deviceId);
            TwinDocument old = entry.twin;
            IfMatch.check(ifMatch, old.etag(), "the twin of '" + deviceId + "'");
            if (!tagsChange && !desiredChange) {
                return entry.serviceTwin().deepCopy();
            }
            ObjectNode newTags = old.tags();
            if (tagsChange) {
                newTags = TwinMerge.mergeTags(old.tags(), tags);
                TwinRules.checkSize(newTags, TwinSection.TAGS);
            }
            ObjectNode newDesired = old.desired();
            if (desiredChange) {
                long version = old.desiredVersion() + 1;
                newDesired = TwinMerge.mergeSection(old.desired(), desired, stamps.stamp(version), version);
                TwinRules.checkSize(newDesired, TwinSection.DESIRED);
                notifyDesiredAfter(tx, deviceId, desired, version);
            }
            TwinDocument twin = TwinDocument.of(old.version() + 1, newTags, newDesired, old.reported());
            database.updateServiceSide(deviceId, twin);
            return devices.stage(tx, deviceId, entry.with(twin)).serviceTwin().deepCopy();
        });
    }

    /**
     * Replaces {@code tags} and {@code properties.desired} with those in {@code twin} (missing means empty).
     * Desired listeners get the difference: changed keys, and {@code null} for every deleted key.
     * Errors as for {@link #patchTwin}.
     */
    public CompletableFuture<ObjectNode> replaceTwin(String deviceId, JsonNode twin, String ifMatch) {
        ObjectNode tags;
        ObjectNode desired;
        try {
            JsonNode properties = requireObject(twin, "a twin").get("properties");
            if (properties != null && !properties.isNull() && !properties.isObject()) {
                throw TwinRules.invalid("properties must be a JSON object");
            }
            tags = TwinRules.checkedCopy(twin.get("tags"), TwinSection.TAGS);
            desired = TwinRules.checkedCopy(properties == null ? null : properties.get("desired"), TwinSection.DESIRED);
        } catch (HubException e) {
            return CompletableFuture.failedFuture(e);
        }
        ObjectNode newTags = tags == null ? TwinMerge.newObject(0) : TwinMerge.withoutNulls(tags);
        ObjectNode wantedDesired = desired == null ? TwinMerge.newObject(0) : TwinMerge.withoutNulls(desired);
        return writer.submit(tx -> {
            DeviceEntry entry = devices.required(deviceId);
            TwinDocument old = entry.twin;
            IfMatch.check(ifMatch, old.etag(), "the twin of '" + deviceId + "'");
            TwinRules.checkSize(newTags, TwinSection.TAGS);
            ObjectNode desiredChange = TwinMerge.difference(old.desired(), wantedDesired);
            boolean tagsChanged = !TwinMerge.difference(old.tags(), newTags).isEmpty();
            if (!tagsChanged && desiredChange.isEmpty()) {
                return entry.serviceTwin().deepCopy();
            }
            ObjectNode newDesired = old.desired();
            if (!desiredChange.isEmpty()) {
                long version = old.desiredVersion() + 1;
                newDesired = TwinMerge.mergeSection(old.desired(), desiredChange, stamps.stamp(version), version);
                TwinRules.checkSize(newDesired, TwinSection.DESIRED);
                notifyDesiredAfter(tx, deviceId, desiredChange, version);
            }
            TwinDocument replaced = TwinDocument.of(old.version() + 1, tagsChanged ? newTags : old.tags(),
                    newDesired, old.reported());
            database.updateServiceSide(deviceId, replaced);
            return devices.stage(tx, deviceId, entry.with(replaced)).serviceTwin().deepCopy();
        });
    }

    // ---- twins, device side ----

    /**
     * {@code {"desired":{...,"$version":n},"reported":{...,"$version":m}}} as the device SDK reads it.
     *
     * @return shares nodes with the stored twin: do not modify
     * @throws HubException DEVICE_NOT_FOUND
     */
    public ObjectNode deviceTwin(String deviceId) {
        TwinDocument twin = devices.require(deviceId).twin;
        ObjectNode node = TwinMerge.newObject(2);
        node.set("desired", TwinMerge.withoutMetadata(twin.desired()));
        node.set("reported", TwinMerge.withoutMetadata(twin.reported()));
        return node;
    }

    /**
     * Merges a reported-properties patch; completes with the new reported {@code $version}.
     * Fails with ARGUMENT_INVALID (the device endpoint answers 400) or DEVICE_NOT_FOUND; nothing is stored then.
     */
    public CompletableFuture<Long> patchReported(String deviceId, JsonNode patch) {
        return patchReported(deviceId, patch, null);
    }

    /**
     * As {@link #patchReported(String, JsonNode)}, applied only if the reported properties are still at
     * {@code expectedVersion} (the {@code $version} a device may put on its patch topic); PRECONDITION_FAILED
     * otherwise (the device endpoint answers 412), so a device writing from a stale copy does not silently win.
     *
     * @param expectedVersion null: unconditional
     */
    public CompletableFuture<Long> patchReported(String deviceId, JsonNode patch, Long expectedVersion) {
        ObjectNode checked;
        try {
            checked = TwinRules.checkedCopy(requireObject(patch, "a reported-properties patch"), TwinSection.REPORTED);
        } catch (HubException e) {
            return CompletableFuture.failedFuture(e);
        }
        return writer.submit(tx -> {
            DeviceEntry entry = devices.required(deviceId);
            TwinDocument old = entry.twin;
            if (expectedVersion != null && expectedVersion != old.reportedVersion()) {
                throw new HubException(HubError.PRECONDITION_FAILED, "The reported properties of '" + deviceId
                        + "' are at version " + old.reportedVersion() + ", not " + expectedVersion
                        + "; read the twin again before reporting from it");
            }
            long version = old.reportedVersion() + 1;
            ObjectNode reported = TwinMerge.mergeSection(old.reported(), checked, stamps.stamp(null), version);
            TwinRules.checkSize(reported, TwinSection.REPORTED);
            TwinDocument twin = TwinDocument.of(old.version() + 1, old.tags(), old.desired(), reported);
            database.updateReported(deviceId, twin);
            devices.stage(tx, deviceId, entry.with(twin));
            return version;
        });
    }

    // ---- queries and notifications ----

    /**
     * A consistent snapshot of every service twin, for the query engine; callers must not mutate the nodes.
     * Each twin is one committed version, a small read-only view over it (nothing is copied), so this is cheap even
     * for 100,000 twins.
     */
    public Collection<ObjectNode> twins() {
        List<ObjectNode> snapshot = new ArrayList<>(devices.size());
        for (DeviceEntry entry : devices.entries()) {
            snapshot.add(entry.serviceTwin());
        }
        return Collections.unmodifiableList(snapshot);
    }

    /** Called on the writer thread after each durable desired change: return quickly, never block. */
    public void addDesiredPropertiesListener(DesiredPropertiesListener listener) {
        desiredListeners.add(listener);
    }

    /** Stores every queued write and the devices' last activity times, then closes the database. Idempotent. */
    @Override
    public void close() {
        if (writer.isWriterThread()) {
            throw new IllegalStateException("HubState.close() called from a write's completion; it would wait for itself");
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        presence.persistAllFromNowOn();
        writer.close();
        database.close();
        LOG.info("Hub state {} closed", database.file());
    }

    /** The writer's batch statistics (for the benchmark; read them after close). */
    GroupCommitWriter.Statistics writerStatistics() {
        return writer.statistics();
    }

    /** The writer itself, for tests that inject a fault into its transaction (e.g. a full disk). */
    GroupCommitWriter writer() {
        return writer;
    }

    // ---- writer-thread helpers ----

    private void notifyDesiredAfter(GroupCommitWriter.Transaction tx, String deviceId, ObjectNode patch, long version) {
        ObjectNode notification = TwinMerge.newObject(patch.size() + 1);
        notification.setAll(patch);
        notification.set(TwinRules.VERSION, TwinMerge.versionNode(version));
        tx.notifyAfterCommit(() -> {
            for (DesiredPropertiesListener listener : desiredListeners) {
                try {
                    listener.desiredPropertiesChanged(deviceId, notification);
                } catch (RuntimeException e) {
                    LOG.error("A desired-properties listener failed", e);
                }
            }
        });
    }

    private static JsonNode requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw TwinRules.invalid(what + " must be a JSON object");
        }
        return node;
    }
}
