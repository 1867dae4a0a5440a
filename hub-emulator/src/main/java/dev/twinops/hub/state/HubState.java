package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The hub's durable state: identity registry and device twins, kept in an embedded transactional database
 * in the data directory, with an in-memory copy for reads and queries.
 *
 * <p>Every write returns a future that completes only once the change is durable, so an endpoint
 * acknowledges a write (HTTP response, MQTT twin response) only after it is on disk. Refused writes
 * complete exceptionally with a {@link HubException} and change nothing.
 *
 * <p>How it works: arguments are checked on the caller's thread; the write is then queued to one writer
 * thread which checks it against the current state (existence, If-Match, section sizes), writes it to the
 * SQLite file {@code state.db} together with every other write queued meanwhile, commits once
 * (synchronous=FULL), and only then makes the changes visible in memory and completes the futures, in order.
 * So reads never see a change that is not durable, and one device's versions are strictly sequential.
 * Futures complete on the writer thread: chain on them ({@code thenAccept}, {@code whenComplete}), never block
 * on them, and keep what you chain short. Reads ({@link #serviceTwin}, {@link #twins}, ...) never touch the disk.
 *
 * <p>Thread-safe: every method may be called from any thread, e.g. many Netty event loops at once.
 */
public final class HubState implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubState.class);

    /** IoT Hub's device id rule: up to 128 ASCII letters, digits and {@code - . + % _ # * ? ! ( ) , : = @ $ '}. */
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9\\-.+%_#*?!(),:=@$']{1,128}");
    private static final int MAX_STATUS_REASON = 128;
    private static final int MIN_KEY_BYTES = 16;
    private static final int MAX_KEY_BYTES = 64;
    private static final int GENERATED_KEY_BYTES = 32;
    /** lastActivityTime changes on every MQTT packet: it reaches the disk with the next write at most this often. */
    static final Duration ACTIVITY_PERSIST_INTERVAL = Duration.ofSeconds(30);

    private final StateDatabase database;
    private final GroupCommitWriter writer;
    private final Clock clock;
    private final ConcurrentHashMap<String, DeviceEntry> devices;
    private final ConcurrentHashMap<String, Set<String>> sessions;
    /** Writer thread only: devices changed by earlier writes of the batch in progress (empty = deleted). */
    private final Map<String, Optional<DeviceEntry>> staged = new HashMap<>();
    private final Set<String> activityToPersist = ConcurrentHashMap.newKeySet();
    private final List<DesiredPropertiesListener> desiredListeners = new CopyOnWriteArrayList<>();
    private final List<RegistryListener> registryListeners = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean persistAllActivity;
    /** Writer thread only. */
    private Instant lastActivityPersist;
    private Instant lastStamp = Instant.EPOCH;

    private HubState(StateDatabase database, StateDatabase.Contents contents, Clock clock, int maxBatch) {
        this.database = database;
        this.clock = clock;
        this.devices = new ConcurrentHashMap<>(Math.max(16, contents.devices().size() * 2));
        for (DeviceEntry entry : contents.devices()) {
            devices.put(entry.identity.deviceId(), entry);
        }
        this.sessions = new ConcurrentHashMap<>(contents.sessions());
        this.lastActivityPersist = clock.instant();
        this.writer = new GroupCommitWriter(database, new GroupCommitWriter.BatchHooks() {
            @Override
            public void beforeCommit(Connection connection) throws SQLException {
                persistActivity();
            }

            @Override
            public void batchEnded() {
                staged.clear();
            }
        }, maxBatch);
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

    // ---- identity registry ----

    public Optional<DeviceIdentity> device(String deviceId) {
        DeviceEntry entry = deviceId == null ? null : devices.get(deviceId);
        return entry == null ? Optional.empty() : Optional.of(entry.identity);
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
            if (device == null) {
                throw TwinRules.invalid("a device is required");
            }
            checkDeviceId(device.deviceId());
            checkKey(device.primaryKey(), "primary");
            checkKey(device.secondaryKey(), "secondary");
            if (device.statusReason() != null && device.statusReason().length() > MAX_STATUS_REASON) {
                throw TwinRules.invalid("statusReason is " + device.statusReason().length()
                        + " characters; IoT Hub's limit is " + MAX_STATUS_REASON);
            }
        } catch (HubException e) {
            return CompletableFuture.failedFuture(e);
        }
        String deviceId = device.deviceId();
        return writer.submit(tx -> {
            DeviceEntry current = current(deviceId);
            DeviceEntry result;
            if (ifMatch == null) {
                if (current != null) {
                    throw new HubException(HubError.DEVICE_ALREADY_EXISTS,
                            "A device with id '" + deviceId + "' is already registered");
                }
                result = create(device);
                database.insertDevice(result.identity, IotHubTime.NEVER);
                database.insertTwin(deviceId, result.twin);
            } else {
                if (current == null) {
                    throw notFound(deviceId);
                }
                checkIfMatch(ifMatch, current.identity.etag(), "device '" + deviceId + "'");
                result = current.with(update(current.identity, device));
                database.updateDevice(result.identity, result.presence.current().lastActivity());
            }
            stage(tx, deviceId, result);
            DeviceIdentity identity = result.identity;
            tx.notifyAfterCommit(() -> registryListeners.forEach(l -> notifySafely(() -> l.deviceUpdated(identity))));
            return identity;
        });
    }

    /**
     * Deletes a device and its twin; ifMatch "*" or null deletes regardless, else must equal the etag.
     * Also forgets the persistent MQTT sessions of the device ({@code id} and {@code id/module} client ids).
     */
    public CompletableFuture<Void> deleteDevice(String deviceId, String ifMatch) {
        return writer.submit(tx -> {
            DeviceEntry current = current(deviceId);
            if (current == null) {
                throw notFound(deviceId);
            }
            checkIfMatch(ifMatch, current.identity.etag(), "device '" + deviceId + "'");
            database.deleteDevice(deviceId);
            staged.put(deviceId, Optional.empty());
            tx.onCommit(() -> {
                devices.remove(deviceId);
                activityToPersist.remove(deviceId);
                sessions.keySet().removeIf(clientId -> isClientOf(clientId, deviceId));
            });
            tx.notifyAfterCommit(() -> registryListeners.forEach(l -> notifySafely(() -> l.deviceDeleted(deviceId))));
            return null;
        });
    }

    // ---- twins, service side ----

    /**
     * The full twin as the service SDK reads it (deviceId, etag, version, status, connectionState, tags, properties...).
     *
     * @return a private copy the caller may modify
     * @throws HubException DEVICE_NOT_FOUND
     */
    public ObjectNode serviceTwin(String deviceId) {
        return require(deviceId).serviceTwin().deepCopy();
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
            DeviceEntry entry = required(deviceId);
            TwinDocument old = entry.twin;
            checkIfMatch(ifMatch, old.etag(), "the twin of '" + deviceId + "'");
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
                newDesired = TwinMerge.mergeSection(old.desired(), desired, stamp(version), version);
                TwinRules.checkSize(newDesired, TwinSection.DESIRED);
                notifyDesiredAfter(tx, deviceId, desired, version);
            }
            TwinDocument twin = TwinDocument.of(old.version() + 1, newTags, newDesired, old.reported());
            database.updateServiceSide(deviceId, twin);
            return stage(tx, deviceId, entry.with(twin)).serviceTwin().deepCopy();
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
            DeviceEntry entry = required(deviceId);
            TwinDocument old = entry.twin;
            checkIfMatch(ifMatch, old.etag(), "the twin of '" + deviceId + "'");
            TwinRules.checkSize(newTags, TwinSection.TAGS);
            ObjectNode desiredChange = TwinMerge.difference(old.desired(), wantedDesired);
            boolean tagsChanged = !TwinMerge.difference(old.tags(), newTags).isEmpty();
            if (!tagsChanged && desiredChange.isEmpty()) {
                return entry.serviceTwin().deepCopy();
            }
            ObjectNode newDesired = old.desired();
            if (!desiredChange.isEmpty()) {
                long version = old.desiredVersion() + 1;
                newDesired = TwinMerge.mergeSection(old.desired(), desiredChange, stamp(version), version);
                TwinRules.checkSize(newDesired, TwinSection.DESIRED);
                notifyDesiredAfter(tx, deviceId, desiredChange, version);
            }
            TwinDocument replaced = TwinDocument.of(old.version() + 1, tagsChanged ? newTags : old.tags(),
                    newDesired, old.reported());
            database.updateServiceSide(deviceId, replaced);
            return stage(tx, deviceId, entry.with(replaced)).serviceTwin().deepCopy();
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
        TwinDocument twin = require(deviceId).twin;
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
        ObjectNode checked;
        try {
            checked = TwinRules.checkedCopy(requireObject(patch, "a reported-properties patch"), TwinSection.REPORTED);
        } catch (HubException e) {
            return CompletableFuture.failedFuture(e);
        }
        return writer.submit(tx -> {
            DeviceEntry entry = required(deviceId);
            TwinDocument old = entry.twin;
            long version = old.reportedVersion() + 1;
            ObjectNode reported = TwinMerge.mergeSection(old.reported(), checked, stamp(null), version);
            TwinRules.checkSize(reported, TwinSection.REPORTED);
            TwinDocument twin = TwinDocument.of(old.version() + 1, old.tags(), old.desired(), reported);
            database.updateReported(deviceId, twin);
            stage(tx, deviceId, entry.with(twin));
            return version;
        });
    }

    /**
     * Connection state and lastActivityTime, shown in the twin (not versioned, like IoT Hub).
     * Call it once with {@code true} per accepted connection and once with {@code false} when that connection
     * ends: the device shows Connected while any of its connections is open, so a replacing connection that
     * opens before the old one is closed leaves it Connected. Unknown devices are ignored.
     */
    public void connectionChanged(String deviceId, boolean connected) {
        DeviceEntry entry = deviceId == null ? null : devices.get(deviceId);
        if (entry == null) {
            return;
        }
        if (connected) {
            entry.presence.connected(clock.instant());
            activityToPersist.add(deviceId);
            return;
        }
        entry.presence.disconnected(clock.instant());
        activityToPersist.remove(deviceId);
        writer.submit(tx -> {
            DeviceEntry now = current(deviceId);
            if (now != null) {
                database.updateLastActivity(deviceId, now.presence.current().lastActivity());
            }
            return null;
        }).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.debug("Last activity of {} not stored: {}", deviceId, failure.getMessage());
            }
        });
    }

    /** Marks the device active now: memory only, reaches the disk with a later write (cheap enough per packet). */
    public void deviceActivity(String deviceId) {
        DeviceEntry entry = deviceId == null ? null : devices.get(deviceId);
        if (entry != null) {
            entry.presence.active(clock.instant());
            activityToPersist.add(deviceId);
        }
    }

    /** Whether the device has an open connection (false for unknown devices). */
    public boolean isConnected(String deviceId) {
        DeviceEntry entry = deviceId == null ? null : devices.get(deviceId);
        return entry != null && entry.presence.current().connected();
    }

    /** When the device was last active, {@link IotHubTime#NEVER} if never; empty for unknown devices. */
    public Optional<Instant> lastActivityTime(String deviceId) {
        DeviceEntry entry = deviceId == null ? null : devices.get(deviceId);
        return entry == null ? Optional.empty() : Optional.of(entry.presence.current().lastActivity());
    }

    // ---- MQTT sessions (cleanSession=false): the device SDK does not re-subscribe after a reconnect ----

    /** The topic filters the client with this id subscribed to, kept across reconnects and hub restarts. */
    public Set<String> sessionSubscriptions(String clientId) {
        Set<String> filters = clientId == null ? null : sessions.get(clientId);
        return filters == null ? Set.of() : filters;
    }

    /** Replaces the stored topic filters of a client's persistent session (an empty set forgets the session). */
    public CompletableFuture<Void> saveSessionSubscriptions(String clientId, Set<String> topicFilters) {
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

    // ---- queries and notifications ----

    /**
     * A consistent snapshot of every service twin, for the query engine; callers must not mutate the nodes.
     * Each twin is one committed version; nothing is copied, so this is cheap even for 100,000 twins.
     */
    public Collection<ObjectNode> twins() {
        List<ObjectNode> snapshot = new ArrayList<>(devices.size());
        for (DeviceEntry entry : devices.values()) {
            snapshot.add(entry.serviceTwin());
        }
        return Collections.unmodifiableList(snapshot);
    }

    /** Number of registered devices. */
    public int deviceCount() {
        return devices.size();
    }

    /** Called on the writer thread after each durable desired change: return quickly, never block. */
    public void addDesiredPropertiesListener(DesiredPropertiesListener listener) {
        desiredListeners.add(listener);
    }

    /** Called on the writer thread after each durable registry change: return quickly, never block. */
    public void addRegistryListener(RegistryListener listener) {
        registryListeners.add(listener);
    }

    // ---- for other parts of the hub that keep their own tables in state.db (e.g. scheduled jobs) ----

    /**
     * Runs {@code work} on the writer thread inside the next group-commit transaction; the future completes
     * with its result once the transaction is durable (or exceptionally, with everything it did undone).
     * Read the rules in {@link StateTransaction}. Update your own in-memory state when the future completes.
     */
    public <T> CompletableFuture<T> inTransaction(StateTransaction<T> work) {
        return writer.submit(tx -> work.run(tx.connection()));
    }

    /**
     * Brings the tables of {@code component} up to date: migration i takes its schema from version i to i+1
     * (applied ones are recorded in the {@code schema_version} table; append new migrations, never edit old
     * ones). Call it once at start-up, before using the tables, e.g.
     * {@code state.migrateSchema("jobs", List.of("CREATE TABLE jobs (...)")).join()}.
     */
    public CompletableFuture<Void> migrateSchema(String component, List<String> migrations) {
        if (component == null || component.isBlank() || StateDatabase.CORE_COMPONENT.equals(component)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "component must be named and not '" + StateDatabase.CORE_COMPONENT + "'"));
        }
        List<String> statements = List.copyOf(migrations);
        return writer.submit(tx -> {
            database.migrate(component, statements);
            return null;
        });
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
        persistAllActivity = true;
        writer.close();
        database.close();
        LOG.info("Hub state {} closed", database.file());
    }

    /** The writer's batch statistics (for the benchmark; read them after close). */
    GroupCommitWriter.Statistics writerStatistics() {
        return writer.statistics();
    }

    // ---- writer-thread helpers ----

    /** The device as the current batch sees it (earlier writes of the batch included), or null. */
    private DeviceEntry current(String deviceId) {
        Optional<DeviceEntry> changed = staged.get(deviceId);
        if (changed != null) {
            return changed.orElse(null);
        }
        return deviceId == null ? null : devices.get(deviceId);
    }

    private DeviceEntry required(String deviceId) {
        DeviceEntry entry = current(deviceId);
        if (entry == null) {
            throw notFound(deviceId);
        }
        return entry;
    }

    /** Makes the entry current for the rest of the batch, and visible to readers once the batch is durable. */
    private DeviceEntry stage(GroupCommitWriter.Transaction tx, String deviceId, DeviceEntry entry) {
        staged.put(deviceId, Optional.of(entry));
        tx.onCommit(() -> devices.put(deviceId, entry));
        return entry;
    }

    /** A metadata stamp for one write: strictly later than the previous one, at IoT Hub's 100 ns resolution. */
    private TwinMerge.Stamp stamp(Long desiredVersion) {
        return TwinMerge.Stamp.of(nextStampTime(), desiredVersion);
    }

    private Instant nextStampTime() {
        Instant now = clock.instant();
        now = now.truncatedTo(ChronoUnit.MICROS).plusNanos(now.getNano() % 1000 / 100 * 100);
        if (!now.isAfter(lastStamp)) {
            now = lastStamp.plusNanos(100);
        }
        lastStamp = now;
        return now;
    }

    private void notifyDesiredAfter(GroupCommitWriter.Transaction tx, String deviceId, ObjectNode patch, long version) {
        ObjectNode notification = TwinMerge.newObject(patch.size() + 1);
        notification.setAll(patch);
        notification.set(TwinRules.VERSION, TwinMerge.versionNode(version));
        tx.notifyAfterCommit(() -> {
            for (DesiredPropertiesListener listener : desiredListeners) {
                notifySafely(() -> listener.desiredPropertiesChanged(deviceId, notification));
            }
        });
    }

    private void persistActivity() throws SQLException {
        if (activityToPersist.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        if (!persistAllActivity && Duration.between(lastActivityPersist, now).compareTo(ACTIVITY_PERSIST_INTERVAL) < 0) {
            return;
        }
        lastActivityPersist = now;
        Iterator<String> ids = activityToPersist.iterator();
        while (ids.hasNext()) {
            String deviceId = ids.next();
            ids.remove();
            DeviceEntry entry = current(deviceId);
            if (entry != null) {
                database.updateLastActivity(deviceId, entry.presence.current().lastActivity());
            }
        }
    }

    private DeviceEntry create(DeviceIdentity device) {
        DeviceIdentity identity = new DeviceIdentity(device.deviceId(),
                device.primaryKey() != null ? device.primaryKey() : newKey(),
                device.secondaryKey() != null ? device.secondaryKey() : newKey(),
                device.status() != null ? device.status() : DeviceStatus.ENABLED,
                device.statusReason(), IotHubTime.NEVER, newEtag(), newGenerationId());
        Instant created = nextStampTime();
        TwinDocument twin = TwinDocument.of(1, TwinMerge.newObject(0),
                TwinMerge.emptySection(TwinMerge.Stamp.of(created, 1L), 1),
                TwinMerge.emptySection(TwinMerge.Stamp.of(created, null), 1));
        return new DeviceEntry(identity, twin, new Presence(IotHubTime.NEVER));
    }

    private DeviceIdentity update(DeviceIdentity stored, DeviceIdentity wanted) {
        DeviceStatus status = wanted.status() != null ? wanted.status() : stored.status();
        Instant statusUpdated = status == stored.status() ? stored.statusUpdatedTime() : clock.instant();
        return new DeviceIdentity(stored.deviceId(),
                wanted.primaryKey() != null ? wanted.primaryKey() : stored.primaryKey(),
                wanted.secondaryKey() != null ? wanted.secondaryKey() : stored.secondaryKey(),
                status, wanted.statusReason(), statusUpdated, newEtag(), stored.generationId());
    }

    private String newKey() {
        byte[] key = new byte[GENERATED_KEY_BYTES];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Like IoT Hub's device etags: base64 of a decimal number; unique per registry change. */
    private String newEtag() {
        return Base64.getEncoder().encodeToString(
                Long.toString(random.nextLong() & Long.MAX_VALUE).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private String newGenerationId() {
        return Long.toString(637_000_000_000_000_000L + (random.nextLong() & 0xFFFF_FFFF_FFFFL));
    }

    // ---- argument checks (caller thread) ----

    private DeviceEntry require(String deviceId) {
        DeviceEntry entry = deviceId == null ? null : devices.get(deviceId);
        if (entry == null) {
            throw notFound(deviceId);
        }
        return entry;
    }

    private static JsonNode requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw TwinRules.invalid(what + " must be a JSON object");
        }
        return node;
    }

    static void checkDeviceId(String deviceId) {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw TwinRules.invalid("device id '" + deviceId + "' is invalid: IoT Hub device ids are 1 to 128"
                    + " characters of ASCII letters, digits and - . + % _ # * ? ! ( ) , : = @ $ '");
        }
    }

    private static void checkKey(String key, String which) {
        if (key == null) {
            return;
        }
        int bytes;
        try {
            bytes = Base64.getDecoder().decode(key).length;
        } catch (IllegalArgumentException e) {
            throw TwinRules.invalid("the " + which + " key is not valid base64");
        }
        if (bytes < MIN_KEY_BYTES || bytes > MAX_KEY_BYTES) {
            throw TwinRules.invalid("the " + which + " key is " + bytes + " bytes; IoT Hub keys are "
                    + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes (base64 encoded)");
        }
    }

    /** Null and "*" match anything; quoted and unquoted etags (and weak ones) are both accepted. */
    private static void checkIfMatch(String ifMatch, String etag, String what) {
        if (ifMatch == null) {
            return;
        }
        String wanted = ifMatch.trim();
        if (wanted.startsWith("W/")) {
            wanted = wanted.substring(2);
        }
        if (wanted.length() >= 2 && wanted.startsWith("\"") && wanted.endsWith("\"")) {
            wanted = wanted.substring(1, wanted.length() - 1);
        }
        if (!wanted.equals("*") && !wanted.equals(etag)) {
            throw new HubException(HubError.PRECONDITION_FAILED, "If-Match " + ifMatch + " does not match the etag \""
                    + etag + "\" of " + what + "; it was changed since you read it");
        }
    }

    private static HubException notFound(String deviceId) {
        return new HubException(HubError.DEVICE_NOT_FOUND, "device '" + deviceId + "' is not registered in this hub");
    }

    private static boolean isClientOf(String clientId, String deviceId) {
        return clientId.equals(deviceId) || clientId.startsWith(deviceId + "/");
    }

    private static void notifySafely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("A hub state listener failed", e);
        }
    }
}
