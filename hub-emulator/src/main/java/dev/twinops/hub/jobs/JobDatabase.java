package dev.twinops.hub.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.state.GroupCommitWriter;
import dev.twinops.hub.state.SqliteStoreFile;
import dev.twinops.hub.state.StateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The jobs' own SQLite file {@code jobs.db} in the data directory (WAL journal, synchronous=FULL, exclusive lock),
 * kept apart from the twins' {@code state.db} so the two evolve independently, and how jobs map to it: each job and
 * each device's row of a job is stored as the JSON document the jobs API and {@code devices.jobs} queries show.
 *
 * <p>Writes are upserts of whole documents, committed by the store's own {@link GroupCommitWriter}. Repeated writes
 * of the same document before a commit collapse into the last one, so a job over thousands of devices costs a
 * handful of commits per second, not one per device change. Job documents are rendered on the caller's thread (the
 * scheduler's, which owns the jobs).
 */
final class JobDatabase implements GroupCommitWriter.Store, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobDatabase.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String FILE_NAME = "jobs.db";

    private static final List<String> SCHEMA = List.of(
            """
            CREATE TABLE IF NOT EXISTS jobs (
              job_id TEXT PRIMARY KEY,
              sequence INTEGER NOT NULL,
              status TEXT NOT NULL,
              body TEXT NOT NULL)""",
            """
            CREATE TABLE IF NOT EXISTS device_jobs (
              job_id TEXT NOT NULL,
              device_id TEXT NOT NULL,
              position INTEGER NOT NULL,
              body TEXT NOT NULL,
              PRIMARY KEY (job_id, device_id))""");

    /** A job as stored: its JSON as the jobs API shows it. */
    record StoredJob(String jobId, long sequence, String status, String body) {
    }

    /** One device's row of a job, in the job's device order. */
    record StoredRow(String jobId, String deviceId, int position, String body) {
    }

    record Contents(List<StoredJob> jobs, Map<String, List<StoredRow>> rows) {
    }

    private sealed interface Write permits PutJob, PutRow, DeleteJob {
    }

    private record PutJob(StoredJob job) implements Write {
    }

    private record PutRow(StoredRow row) implements Write {
    }

    private record DeleteJob(String jobId) implements Write {
    }

    private final Path file;
    private final Connection connection;
    private final GroupCommitWriter writer;
    private final Object lock = new Object();
    /** Guarded by lock: the writes waiting for the next flush, by document. */
    private LinkedHashMap<String, Write> pending = new LinkedHashMap<>();
    /** Guarded by lock: the queued flush that will store the pending writes, or null if none is queued. */
    private CompletableFuture<Void> nextFlush;

    private JobDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
        this.writer = new GroupCommitWriter(this, "hub-jobs-writer", GroupCommitWriter.BatchHooks.NONE,
                GroupCommitWriter.MAX_BATCH);
    }

    /**
     * Opens or creates {@code dataDir/jobs.db}.
     *
     * @throws StateStoreException naming the file and the cause (not writable, not a database, held by another hub)
     */
    static JobDatabase open(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve(FILE_NAME);
        Connection connection = SqliteStoreFile.open(file, "the job store");
        try {
            try (Statement statement = connection.createStatement()) {
                for (String ddl : SCHEMA) {
                    statement.execute(ddl);
                }
            }
            connection.commit();
            JobDatabase database = new JobDatabase(file, connection);
            database.writer.start();
            return database;
        } catch (SQLException | RuntimeException e) {
            SqliteStoreFile.closeAfterFailure(connection);
            throw SqliteStoreFile.failure(file, "the job store", e);
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

    @Override
    public void forgetStatements() {
        // statements are prepared per flush
    }

    /**
     * Everything stored, jobs in creation order and rows in each job's device order. Call before any write: the
     * writer has not touched the connection yet.
     */
    Contents load() {
        try {
            List<StoredJob> jobs = new ArrayList<>();
            Map<String, List<StoredRow>> rows = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement()) {
                try (ResultSet rs = statement.executeQuery(
                        "SELECT job_id, sequence, status, body FROM jobs ORDER BY sequence")) {
                    while (rs.next()) {
                        jobs.add(new StoredJob(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                    }
                }
                try (ResultSet rs = statement.executeQuery(
                        "SELECT job_id, device_id, position, body FROM device_jobs ORDER BY job_id, position")) {
                    while (rs.next()) {
                        StoredRow row = new StoredRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4));
                        rows.computeIfAbsent(row.jobId(), k -> new ArrayList<>()).add(row);
                    }
                }
            }
            connection.commit();
            return new Contents(jobs, rows);
        } catch (SQLException e) {
            throw new StateStoreException("Cannot read the job store " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- writes: scheduler thread; each future completes (on the writer thread) once the change is on disk ----

    /** Stores a job's document as the jobs API shows it now. */
    CompletableFuture<Void> putJob(Job job) {
        return putJob(job, job.toJson());
    }

    /** Stores a job's document, already rendered. */
    CompletableFuture<Void> putJob(Job job, ObjectNode json) {
        return enqueue(List.of(new PutJob(stored(job, json))));
    }

    /** Stores device rows of a job. */
    CompletableFuture<Void> putRows(Job job, List<DeviceJob> devices) {
        List<Write> writes = new ArrayList<>(devices.size());
        addRows(writes, job, devices);
        return enqueue(writes);
    }

    /** Stores a job (as rendered) together with some of its rows, in the same commit. */
    CompletableFuture<Void> putJobAndRows(Job job, ObjectNode json, List<DeviceJob> devices) {
        List<Write> writes = new ArrayList<>(devices.size() + 1);
        writes.add(new PutJob(stored(job, json)));
        addRows(writes, job, devices);
        return enqueue(writes);
    }

    /** Stores a job as it is now together with some of its rows, in the same commit. */
    CompletableFuture<Void> putJobAndRows(Job job, List<DeviceJob> devices) {
        return putJobAndRows(job, job.toJson(), devices);
    }

    /** Stores a job's document and some of its rows, all as given (not as they are now), in the same commit. */
    CompletableFuture<Void> putJobAndRowDocuments(Job job, ObjectNode json, List<DeviceJob> devices,
                                                  List<ObjectNode> rows) {
        List<Write> writes = new ArrayList<>(devices.size() + 1);
        writes.add(new PutJob(stored(job, json)));
        for (int i = 0; i < devices.size(); i++) {
            DeviceJob device = devices.get(i);
            writes.add(new PutRow(new StoredRow(job.jobId, device.deviceId, device.position, text(rows.get(i)))));
        }
        return enqueue(writes);
    }

    /** Removes a job and its rows. */
    CompletableFuture<Void> deleteJob(String jobId) {
        return enqueue(List.of(new DeleteJob(jobId)));
    }

    /** The status column follows the document (which may be a job as it is about to be, see putJobAndRowDocuments). */
    private static StoredJob stored(Job job, ObjectNode json) {
        return new StoredJob(job.jobId, job.sequence, json.path("status").asText(job.status.wireName()), text(json));
    }

    private static void addRows(List<Write> writes, Job job, List<DeviceJob> devices) {
        for (DeviceJob device : devices) {
            writes.add(new PutRow(new StoredRow(job.jobId, device.deviceId, device.position, text(device.json()))));
        }
    }

    private static String text(JsonNode json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a job document", e);
        }
    }

    /**
     * Adds the writes to the pending ones; the first write after a flush queues the next flush, and every write
     * until that flush runs shares its future.
     */
    private CompletableFuture<Void> enqueue(List<Write> writes) {
        synchronized (lock) {
            for (Write write : writes) {
                // a repeated document keeps its first place in the batch and its latest content
                pending.put(key(write), write);
            }
            if (nextFlush == null) {
                CompletableFuture<Void> flush = writer.submit(new Flush());
                if (flush.isCompletedExceptionally()) {
                    pending.clear(); // refused (the store is closing): these writes fail with it
                    return flush;
                }
                nextFlush = flush;
            }
            return nextFlush;
        }
    }

    private static String key(Write write) {
        if (write instanceof PutJob put) {
            return "j\u0000" + put.job().jobId();
        }
        if (write instanceof PutRow put) {
            return "r\u0000" + put.row().jobId() + "\u0000" + put.row().deviceId();
        }
        return "d\u0000" + ((DeleteJob) write).jobId();
    }

    /**
     * Writer thread: takes the pending writes and stores them in the open transaction. Writes enqueued from then on
     * go to the next flush. If the writer runs it again (its transaction was lost to another write's failure), it
     * stores the same writes again.
     */
    private final class Flush implements GroupCommitWriter.Task<Void> {
        private Collection<Write> taken;

        @Override
        public Void run(GroupCommitWriter.Transaction transaction) throws SQLException {
            if (taken == null) {
                synchronized (lock) {
                    taken = pending.values();
                    pending = new LinkedHashMap<>();
                    nextFlush = null;
                }
            }
            store(taken);
            return null;
        }
    }

    private void store(Collection<Write> writes) throws SQLException {
        try (PreparedStatement putJob = connection.prepareStatement(
                "INSERT OR REPLACE INTO jobs (job_id, sequence, status, body) VALUES (?, ?, ?, ?)");
             PreparedStatement putRow = connection.prepareStatement(
                     "INSERT OR REPLACE INTO device_jobs (job_id, device_id, position, body) VALUES (?, ?, ?, ?)");
             PreparedStatement deleteJob = connection.prepareStatement("DELETE FROM jobs WHERE job_id = ?");
             PreparedStatement deleteRows = connection.prepareStatement("DELETE FROM device_jobs WHERE job_id = ?")) {
            boolean rows = false;
            for (Write write : writes) {
                if (write instanceof PutJob put) {
                    StoredJob job = put.job();
                    putJob.setString(1, job.jobId());
                    putJob.setLong(2, job.sequence());
                    putJob.setString(3, job.status());
                    putJob.setString(4, job.body());
                    putJob.executeUpdate();
                } else if (write instanceof PutRow put) {
                    StoredRow row = put.row();
                    putRow.setString(1, row.jobId());
                    putRow.setString(2, row.deviceId());
                    putRow.setInt(3, row.position());
                    putRow.setString(4, row.body());
                    putRow.addBatch();
                    rows = true;
                } else {
                    String jobId = ((DeleteJob) write).jobId();
                    deleteJob.setString(1, jobId);
                    deleteJob.executeUpdate();
                    deleteRows.setString(1, jobId);
                    deleteRows.executeUpdate();
                }
            }
            if (rows) {
                putRow.executeBatch();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.error("Cannot store {} job changes in {}: {}", writes.size(), file, e.getMessage());
            throw e;
        }
    }

    /** The store's writer, for tests that hold it or inject a fault into its transaction. */
    GroupCommitWriter writer() {
        return writer;
    }

    /** Writes everything queued, then closes the file. Idempotent. */
    @Override
    public void close() {
        writer.close();
        try {
            if (!connection.isClosed()) {
                connection.commit();
                connection.close();
            }
        } catch (SQLException e) {
            LOG.warn("Closing the job store {} failed: {}", file, e.getMessage());
        }
    }
}
