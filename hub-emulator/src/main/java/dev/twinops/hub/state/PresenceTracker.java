package dev.twinops.hub.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether devices are connected and when they were last active, as the twin and the registry show them (not
 * versioned, like IoT Hub). Kept in memory and updated from many event loops at once; lastActivityTime changes on
 * every MQTT packet, so it reaches {@code state.db} only with a later write, at most every
 * {@link #ACTIVITY_PERSIST_INTERVAL}, and when a device disconnects or the hub stops.
 */
public final class PresenceTracker {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceTracker.class);

    /** lastActivityTime reaches the disk with the next write at most this often. */
    static final Duration ACTIVITY_PERSIST_INTERVAL = Duration.ofSeconds(30);

    private final DeviceTable devices;
    private final StateDatabase database;
    private final GroupCommitWriter writer;
    private final Clock clock;
    private final Set<String> activityToPersist = ConcurrentHashMap.newKeySet();
    private volatile boolean persistAllActivity;
    /** Writer thread only. */
    private Instant lastActivityPersist;

    PresenceTracker(DeviceTable devices, StateDatabase database, GroupCommitWriter writer, Clock clock) {
        this.devices = devices;
        this.database = database;
        this.writer = writer;
        this.clock = clock;
        this.lastActivityPersist = clock.instant();
    }

    /**
     * Call it once with {@code true} per accepted connection and once with {@code false} when that connection
     * ends: the device shows Connected while any of its connections is open, so a replacing connection that
     * opens before the old one is closed leaves it Connected. Unknown devices are ignored.
     */
    public void connectionChanged(String deviceId, boolean connected) {
        DeviceEntry entry = devices.committed(deviceId);
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
            DeviceEntry now = devices.current(deviceId);
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
        DeviceEntry entry = devices.committed(deviceId);
        if (entry != null) {
            entry.presence.active(clock.instant());
            activityToPersist.add(deviceId);
        }
    }

    /** Whether the device has an open connection (false for unknown devices). */
    public boolean isConnected(String deviceId) {
        DeviceEntry entry = devices.committed(deviceId);
        return entry != null && entry.presence.current().connected();
    }

    /** When the device was last active, {@link IotHubTime#NEVER} if never; empty for unknown devices. */
    public Optional<Instant> lastActivityTime(String deviceId) {
        DeviceEntry entry = devices.committed(deviceId);
        return entry == null ? Optional.empty() : Optional.of(entry.presence.current().lastActivity());
    }

    // ---- for the state ----

    /** Writer thread, before each commit: adds the activity times that are due to the transaction. */
    void persistDue() throws SQLException {
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
            DeviceEntry entry = devices.current(deviceId);
            if (entry != null) {
                database.updateLastActivity(deviceId, entry.presence.current().lastActivity());
            }
        }
    }

    /** The device is gone: nothing of it is left to store. */
    void forget(String deviceId) {
        activityToPersist.remove(deviceId);
    }

    /** The hub is stopping: every activity time goes with the last commit. */
    void persistAllFromNowOn() {
        persistAllActivity = true;
    }
}
