package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The hub's durable state: identity registry and device twins, kept in an embedded transactional database
 * in the data directory, with an in-memory copy for reads and queries.
 *
 * <p>Every write returns a future that completes only once the change is durable, so an endpoint
 * acknowledges a write (HTTP response, MQTT twin response) only after it is on disk. Refused writes
 * complete exceptionally with a {@link HubException} and change nothing.
 */
public final class HubState implements AutoCloseable {

    /** Opens (creating if needed) the state kept in {@code dataDir}. */
    public static HubState open(Path dataDir) {
        throw new UnsupportedOperationException("being implemented");
    }

    // ---- identity registry ----

    public Optional<DeviceIdentity> device(String deviceId) {
        throw new UnsupportedOperationException("being implemented");
    }

    /**
     * Creates a device (ifMatch null: fails with DEVICE_ALREADY_EXISTS if it exists) or updates it
     * (ifMatch "*" or its etag: fails with PRECONDITION_FAILED on a mismatch, DEVICE_NOT_FOUND if absent).
     * Null keys are generated. A new device gets an empty twin.
     */
    public CompletableFuture<DeviceIdentity> putDevice(DeviceIdentity device, String ifMatch) {
        throw new UnsupportedOperationException("being implemented");
    }

    /** Deletes a device and its twin; ifMatch "*" or null deletes regardless, else must equal the etag. */
    public CompletableFuture<Void> deleteDevice(String deviceId, String ifMatch) {
        throw new UnsupportedOperationException("being implemented");
    }

    // ---- twins, service side ----

    /** The full twin as the service SDK reads it (deviceId, etag, version, status, connectionState, tags, properties...). */
    public ObjectNode serviceTwin(String deviceId) {
        throw new UnsupportedOperationException("being implemented");
    }

    /**
     * Merges {@code tags} and {@code properties.desired} from {@code patch} (other fields ignored); {@code null} deletes.
     * ifMatch null or "*" means unconditional. Completes with the new full twin.
     */
    public CompletableFuture<ObjectNode> patchTwin(String deviceId, JsonNode patch, String ifMatch) {
        throw new UnsupportedOperationException("being implemented");
    }

    /** Replaces {@code tags} and {@code properties.desired} with those in {@code twin}. */
    public CompletableFuture<ObjectNode> replaceTwin(String deviceId, JsonNode twin, String ifMatch) {
        throw new UnsupportedOperationException("being implemented");
    }

    // ---- twins, device side ----

    /** {@code {"desired":{...,"$version":n},"reported":{...,"$version":m}}} as the device SDK reads it. */
    public ObjectNode deviceTwin(String deviceId) {
        throw new UnsupportedOperationException("being implemented");
    }

    /** Merges a reported-properties patch; completes with the new reported {@code $version}. */
    public CompletableFuture<Long> patchReported(String deviceId, JsonNode patch) {
        throw new UnsupportedOperationException("being implemented");
    }

    /** Connection state and lastActivityTime, shown in the twin (not versioned, like IoT Hub). */
    public void connectionChanged(String deviceId, boolean connected) {
        throw new UnsupportedOperationException("being implemented");
    }

    public void deviceActivity(String deviceId) {
        throw new UnsupportedOperationException("being implemented");
    }

    // ---- MQTT sessions (cleanSession=false): the device SDK does not re-subscribe after a reconnect ----

    /** The topic filters the client with this id subscribed to, kept across reconnects and hub restarts. */
    public java.util.Set<String> sessionSubscriptions(String clientId) {
        throw new UnsupportedOperationException("being implemented");
    }

    /** Replaces the stored topic filters of a client's persistent session. */
    public CompletableFuture<Void> saveSessionSubscriptions(String clientId, java.util.Set<String> topicFilters) {
        throw new UnsupportedOperationException("being implemented");
    }

    // ---- queries and notifications ----

    /** A consistent snapshot of every service twin, for the query engine; callers must not mutate the nodes. */
    public Collection<ObjectNode> twins() {
        throw new UnsupportedOperationException("being implemented");
    }

    public void addDesiredPropertiesListener(DesiredPropertiesListener listener) {
        throw new UnsupportedOperationException("being implemented");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("being implemented");
    }
}
