package dev.twinops.hub.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQLite file {@code state.db} (WAL journal, synchronous=FULL so a commit is on disk, exclusive lock so
 * two hubs cannot share a data directory) and how the hub's objects map to its tables. Used by one thread at a
 * time: the opener, then the writer.
 */
final class StateDatabase implements GroupCommitWriter.Store, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateDatabase.class);

    static final String FILE_NAME = "state.db";
    static final String CORE_COMPONENT = "hub";

    /** The hub's own tables; index i brings the schema from version i to i+1. Append, never edit. */
    static final List<String> CORE_MIGRATIONS = List.of(
            """
            CREATE TABLE devices (
              device_id TEXT PRIMARY KEY,
              primary_key TEXT NOT NULL,
              secondary_key TEXT NOT NULL,
              status TEXT NOT NULL,
              status_reason TEXT,
              status_updated_time TEXT NOT NULL,
              etag TEXT NOT NULL,
              generation_id TEXT NOT NULL,
              last_activity_time TEXT NOT NULL)""",
            """
            CREATE TABLE twins (
              device_id TEXT PRIMARY KEY,
              version INTEGER NOT NULL,
              tags TEXT NOT NULL,
              desired TEXT NOT NULL,
              desired_version INTEGER NOT NULL,
              reported TEXT NOT NULL,
              reported_version INTEGER NOT NULL)""",
            """
            CREATE TABLE session_subscriptions (
              client_id TEXT NOT NULL,
              topic_filter TEXT NOT NULL,
              PRIMARY KEY (client_id, topic_filter))""");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final Connection connection;
    /** Prepared once and reused; the driver closes a statement that hit certain errors, so they are re-prepared. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private StateDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens or creates {@code dataDir/state.db} and brings the hub's tables up to date. */
    static StateDatabase open(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve(FILE_NAME);
        Connection connection = SqliteStoreFile.open(file, "hub state");
        try {
            StateDatabase database = new StateDatabase(file, connection);
            database.migrate(CORE_COMPONENT, CORE_MIGRATIONS);
            connection.commit();
            return database;
        } catch (SQLException | RuntimeException e) {
            SqliteStoreFile.closeAfterFailure(connection);
            throw SqliteStoreFile.failure(file, "hub state", e);
        }
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public Connection connection() {
        return connection;
    }

    /**
     * Applies the migrations of {@code component} that this file has not seen yet, inside the current
     * transaction. Index i of the list brings the component from schema version i to i+1.
     */
    private void migrate(String component, List<String> migrations) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
        }
        int current = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version FROM schema_version WHERE component = ?")) {
            select.setString(1, component);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    current = row.getInt(1);
                }
            }
        }
        if (current > migrations.size()) {
            throw new SQLException("the " + component + " tables are at schema version " + current
                    + ", newer than this build knows (" + migrations.size() + ")");
        }
        if (current == migrations.size()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (int i = current; i < migrations.size(); i++) {
                statement.execute(migrations.get(i));
            }
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO schema_version(component, version) VALUES (?, ?) "
                        + "ON CONFLICT(component) DO UPDATE SET version = excluded.version")) {
            upsert.setString(1, component);
            upsert.setInt(2, migrations.size());
            upsert.executeUpdate();
        }
        LOG.info("Hub state {}: {} schema now at version {}", file, component, migrations.size());
    }

    private static final String INSERT_DEVICE = "INSERT INTO devices(primary_key, secondary_key, status,"
            + " status_reason, status_updated_time, etag, generation_id, last_activity_time, device_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_DEVICE = "UPDATE devices SET primary_key = ?, secondary_key = ?,"
            + " status = ?, status_reason = ?, status_updated_time = ?, etag = ?, generation_id = ?,"
            + " last_activity_time = ? WHERE device_id = ?";
    private static final String INSERT_TWIN = "INSERT INTO twins(version, tags, desired, desired_version,"
            + " reported, reported_version, device_id) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_SERVICE_SIDE = "UPDATE twins SET version = ?, tags = ?, desired = ?,"
            + " desired_version = ? WHERE device_id = ?";
    private static final String UPDATE_REPORTED = "UPDATE twins SET version = ?, reported = ?,"
            + " reported_version = ? WHERE device_id = ?";
    private static final String UPDATE_ACTIVITY = "UPDATE devices SET last_activity_time = ? WHERE device_id = ?";

    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** After a failed statement: prepare every statement afresh next time. */
    @Override
    public void forgetStatements() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                LOG.debug("Closing a prepared statement failed: {}", e.getMessage());
            }
        }
        statements.clear();
    }

    /** Everything the hub keeps in memory, read once at start. */
    record Contents(List<DeviceEntry> devices, Map<String, Set<String>> sessions) {
    }

    Contents load() throws SQLException {
        MetadataInterner interner = new MetadataInterner();
        Map<String, TwinDocument> twins = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT device_id, version, tags, desired, reported FROM twins")) {
            while (row.next()) {
                String deviceId = row.getString(1);
                twins.put(deviceId, TwinDocument.of(row.getLong(2),
                        parseObject(row.getString(3), deviceId, "tags", interner),
                        interner.stamped(parseObject(row.getString(4), deviceId, "desired", interner)),
                        interner.stamped(parseObject(row.getString(5), deviceId, "reported", interner))));
            }
        }
        List<DeviceEntry> devices = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT device_id, primary_key, secondary_key, status,"
                     + " status_reason, status_updated_time, etag, generation_id, last_activity_time FROM devices")) {
            while (row.next()) {
                String deviceId = row.getString(1);
                DeviceIdentity identity = new DeviceIdentity(deviceId, row.getString(2), row.getString(3),
                        DeviceStatus.valueOf(row.getString(4)), row.getString(5),
                        IotHubTime.parse(row.getString(6)), row.getString(7), row.getString(8));
                TwinDocument twin = twins.get(deviceId);
                if (twin == null) {
                    throw new SQLException("device " + deviceId + " has no twin row");
                }
                devices.add(new DeviceEntry(identity, twin, new Presence(IotHubTime.parse(row.getString(9)))));
            }
        }
        Map<String, Set<String>> sessions = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT client_id, topic_filter FROM session_subscriptions ORDER BY rowid")) {
            while (row.next()) {
                sessions.computeIfAbsent(row.getString(1), id -> new LinkedHashSet<>()).add(row.getString(2));
            }
        }
        sessions.replaceAll((id, filters) -> Collections.unmodifiableSet(filters));
        return new Contents(devices, sessions);
    }

    private static ObjectNode parseObject(String json, String deviceId, String column, MetadataInterner interner)
            throws SQLException {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (!(node instanceof ObjectNode object)) {
                throw new SQLException("twin " + column + " of device " + deviceId + " is not a JSON object");
            }
            return interner.compact(object);
        } catch (JsonProcessingException e) {
            throw new SQLException("twin " + column + " of device " + deviceId + " is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    void insertDevice(DeviceIdentity device, Instant lastActivity) throws SQLException {
        PreparedStatement insert = statement(INSERT_DEVICE);
        bindDevice(insert, device, lastActivity);
        insert.executeUpdate();
    }

    void updateDevice(DeviceIdentity device, Instant lastActivity) throws SQLException {
        PreparedStatement update = statement(UPDATE_DEVICE);
        bindDevice(update, device, lastActivity);
        update.executeUpdate();
    }

    private static void bindDevice(PreparedStatement statement, DeviceIdentity device, Instant lastActivity)
            throws SQLException {
        statement.setString(1, device.primaryKey());
        statement.setString(2, device.secondaryKey());
        statement.setString(3, device.status().name());
        statement.setString(4, device.statusReason());
        statement.setString(5, IotHubTime.format(device.statusUpdatedTime()));
        statement.setString(6, device.etag());
        statement.setString(7, device.generationId());
        statement.setString(8, IotHubTime.format(lastActivity));
        statement.setString(9, device.deviceId());
    }

    void insertTwin(String deviceId, TwinDocument twin) throws SQLException {
        PreparedStatement insertTwin = statement(INSERT_TWIN);
        insertTwin.setLong(1, twin.version());
        insertTwin.setString(2, json(twin.tags()));
        insertTwin.setString(3, json(twin.desired()));
        insertTwin.setLong(4, twin.desiredVersion());
        insertTwin.setString(5, json(twin.reported()));
        insertTwin.setLong(6, twin.reportedVersion());
        insertTwin.setString(7, deviceId);
        insertTwin.executeUpdate();
    }

    /** Stores tags, desired and the twin version (the service side of a twin). */
    void updateServiceSide(String deviceId, TwinDocument twin) throws SQLException {
        PreparedStatement updateTwin = statement(UPDATE_SERVICE_SIDE);
        updateTwin.setLong(1, twin.version());
        updateTwin.setString(2, json(twin.tags()));
        updateTwin.setString(3, json(twin.desired()));
        updateTwin.setLong(4, twin.desiredVersion());
        updateTwin.setString(5, deviceId);
        expectOneRow(updateTwin.executeUpdate(), deviceId);
    }

    void updateReported(String deviceId, TwinDocument twin) throws SQLException {
        PreparedStatement updateReported = statement(UPDATE_REPORTED);
        updateReported.setLong(1, twin.version());
        updateReported.setString(2, json(twin.reported()));
        updateReported.setLong(3, twin.reportedVersion());
        updateReported.setString(4, deviceId);
        expectOneRow(updateReported.executeUpdate(), deviceId);
    }

    void updateLastActivity(String deviceId, Instant lastActivity) throws SQLException {
        PreparedStatement updateActivity = statement(UPDATE_ACTIVITY);
        updateActivity.setString(1, IotHubTime.format(lastActivity));
        updateActivity.setString(2, deviceId);
        updateActivity.executeUpdate();
    }

    /** Deletes the device and its twin. */
    void deleteDevice(String deviceId) throws SQLException {
        try (PreparedStatement devices = connection.prepareStatement("DELETE FROM devices WHERE device_id = ?");
             PreparedStatement twins = connection.prepareStatement("DELETE FROM twins WHERE device_id = ?")) {
            devices.setString(1, deviceId);
            devices.executeUpdate();
            twins.setString(1, deviceId);
            twins.executeUpdate();
        }
    }

    /** Deletes the persistent sessions of a device's clients ({@code id} and {@code id/module}). */
    void deleteSessionsOf(String deviceId) throws SQLException {
        try (PreparedStatement sessions = connection.prepareStatement(
                "DELETE FROM session_subscriptions WHERE client_id = ? OR substr(client_id, 1, ?) = ?")) {
            sessions.setString(1, deviceId);
            sessions.setInt(2, deviceId.length() + 1);
            sessions.setString(3, deviceId + "/");
            sessions.executeUpdate();
        }
    }

    void replaceSessionSubscriptions(String clientId, Set<String> topicFilters) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM session_subscriptions WHERE client_id = ?")) {
            delete.setString(1, clientId);
            delete.executeUpdate();
        }
        if (topicFilters.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO session_subscriptions(client_id, topic_filter) VALUES (?, ?)")) {
            for (String filter : topicFilters) {
                insert.setString(1, clientId);
                insert.setString(2, filter);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void expectOneRow(int rows, String deviceId) throws SQLException {
        if (rows != 1) {
            throw new SQLException("expected one twin row for device " + deviceId + ", updated " + rows);
        }
    }

    static String json(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a twin section", e);
        }
    }

    @Override
    public void close() {
        forgetStatements();
        try {
            connection.commit();
        } catch (SQLException e) {
            LOG.warn("Hub state {}: final commit failed: {}", file, e.getMessage());
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("Closing the hub state database failed: {}", e.getMessage());
        }
    }
}
