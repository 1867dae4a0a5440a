package dev.twinops.hub.jobs;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The jobs' own SQLite file {@code jobs.db} in the data directory (WAL journal, synchronous=FULL, exclusive lock),
 * kept apart from the twins' {@code state.db} so the two evolve independently.
 *
 * <p>Writes are upserts of whole JSON documents (a job, or one device's row of a job) handed to one writer
 * thread, which commits everything queued meanwhile in one transaction (group commit) and only then completes
 * the writes' futures. Repeated writes of the same document before a commit collapse into the last one, so a
 * job over thousands of devices costs a handful of commits per second, not one per device change.
 */
final class JobDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobDatabase.class);

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
    private final Object lock = new Object();
    /** Guarded by lock: the writes waiting for the next commit, by document. */
    private LinkedHashMap<String, Write> pending = new LinkedHashMap<>();
    /** Guarded by lock: completed when the pending writes are committed. */
    private CompletableFuture<Void> nextCommit = new CompletableFuture<>();
    private boolean closing;
    private final Thread writer;

    private JobDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
        this.writer = new Thread(this::writeLoop, "hub-jobs-db");
        this.writer.setDaemon(true);
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

    Path file() {
        return file;
    }

    /** Everything stored, jobs in creation order and rows in each job's device order. Call before any write. */
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

    /** Stores a job's document; the future completes once it is on disk. */
    CompletableFuture<Void> putJob(StoredJob job) {
        return enqueue(List.of(new PutJob(job)));
    }

    /** Stores device rows; the future completes once they are on disk. */
    CompletableFuture<Void> putRows(List<StoredRow> rows) {
        List<Write> writes = new ArrayList<>(rows.size());
        for (StoredRow row : rows) {
            writes.add(new PutRow(row));
        }
        return enqueue(writes);
    }

    /** Stores a job together with some of its rows, in the same commit. */
    CompletableFuture<Void> putJobAndRows(StoredJob job, List<StoredRow> rows) {
        List<Write> writes = new ArrayList<>(rows.size() + 1);
        writes.add(new PutJob(job));
        for (StoredRow row : rows) {
            writes.add(new PutRow(row));
        }
        return enqueue(writes);
    }

    /** Removes a job and its rows (history older than IoT Hub keeps). */
    CompletableFuture<Void> deleteJob(String jobId) {
        return enqueue(List.of(new DeleteJob(jobId)));
    }

    private CompletableFuture<Void> enqueue(List<Write> writes) {
        synchronized (lock) {
            if (closing) {
                return CompletableFuture.failedFuture(new StateStoreException(
                        "The job store " + file + " is closed", null));
            }
            for (Write write : writes) {
                // a repeated document keeps its first place in the batch and its latest content
                pending.put(key(write), write);
            }
            lock.notifyAll();
            return nextCommit;
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

    private void writeLoop() {
        while (true) {
            LinkedHashMap<String, Write> batch;
            CompletableFuture<Void> done;
            synchronized (lock) {
                while (pending.isEmpty() && !closing) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (pending.isEmpty()) {
                    return; // closing, and everything is written
                }
                batch = pending;
                done = nextCommit;
                pending = new LinkedHashMap<>();
                nextCommit = new CompletableFuture<>();
            }
            try {
                commit(batch.values());
                done.complete(null);
            } catch (SQLException | RuntimeException e) {
                LOG.error("Cannot store {} job changes in {}: {}", batch.size(), file, e.getMessage(), e);
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    LOG.warn("Rollback of the job store failed: {}", rollbackFailure.getMessage());
                }
                done.completeExceptionally(new StateStoreException("Cannot store job changes in " + file + ": "
                        + e.getMessage(), e));
            }
        }
    }

    private void commit(Iterable<Write> writes) throws SQLException {
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
        }
        connection.commit();
    }

    /** Writes everything queued, then closes the file. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            lock.notifyAll();
        }
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warn("The job store writer did not finish within 30 s; closing {} anyway", file);
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("Closing the job store {} failed: {}", file, e.getMessage());
        }
    }
}
