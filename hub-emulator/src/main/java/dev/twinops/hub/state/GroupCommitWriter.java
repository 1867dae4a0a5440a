package dev.twinops.hub.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The single writer of one SQLite store, with group commit: it takes every write queued while the
 * previous commit was being made durable, runs them in one transaction (each in its own savepoint, so a
 * failing write is undone alone), commits once, and only then publishes their effects to memory and
 * tells listeners, and completes their futures, in queue order. Futures therefore complete on this thread: never block on them.
 *
 * <p>The hub has two stores, {@code state.db} (registry, twins, sessions) and {@code jobs.db}, and one writer of this
 * class for each, each with its own thread. One thread for both would put every twin write's fsync in line behind a
 * job-row commit and the other way round (a twin-update job writes both at once); with one each, the two files are
 * made durable at the same time. Measured ({@code TwoStoresCommitBenchmark}): a thread per file did the same commits
 * in 0.24 to 1.04 (median 0.4) of the time one thread alternating between the files took.
 */
public final class GroupCommitWriter {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Bounds the latency of the first write of a batch and the size of one transaction. */
    public static final int MAX_BATCH = 2_000;
    static final int QUEUE_CAPACITY = 100_000;

    /** A write: runs on the writer thread inside the open transaction. */
    @FunctionalInterface
    public interface Task<T> {
        T run(Transaction transaction) throws Exception;
    }

    /** The file the writer writes: an open connection with autocommit off, used by no other thread. */
    public interface Store {
        Path file();

        Connection connection();

        /** After a failed statement the driver may have closed prepared statements: prepare them afresh next time. */
        void forgetStatements();
    }

    /** What the batch around the writes needs from its owner. */
    public interface BatchHooks {
        BatchHooks NONE = new BatchHooks() {
        };

        /** Last chance to add work to the transaction (e.g. lazily persisted activity times). */
        default void beforeCommit(Connection connection) throws SQLException {
        }

        /** Called after commit or rollback, before anything is published: drop per-batch scratch state. */
        default void batchEnded() {
        }
    }

    /** The context of one write inside the batch transaction. */
    public static final class Transaction {
        private final Connection connection;
        private final List<Runnable> publish = new ArrayList<>(2);
        private final List<Runnable> notifications = new ArrayList<>(2);

        private Transaction(Connection connection) {
            this.connection = connection;
        }

        public Connection connection() {
            return connection;
        }

        /** Runs after the commit succeeded, before the write's future completes: make the change visible. */
        public void onCommit(Runnable action) {
            publish.add(action);
        }

        /** Runs once every change of the batch is visible, before the futures complete: tell listeners. */
        public void notifyAfterCommit(Runnable action) {
            notifications.add(action);
        }
    }

    private static final class Pending<T> {
        final Task<T> task;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        Throwable failure;
        Transaction transaction;

        Pending(Task<T> task) {
            this.task = task;
        }

        void complete() {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }
    }

    private static final Pending<Void> STOP = new Pending<>(tx -> null);

    private final Store store;
    private final BatchHooks hooks;
    private final int maxBatch;
    private final BlockingQueue<Pending<?>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    /** Writer thread only. */
    private final Map<String, PreparedStatement> savepoints = new HashMap<>();
    private volatile boolean closed;
    /** Writer thread only; read by the benchmark after close. */
    private long commits;
    private long writes;
    private long applyNanos;
    private long commitNanos;

    /**
     * @param threadName e.g. "hub-state-writer"
     * @param maxBatch   writes per transaction at most; 1 turns group commit off (the benchmark's baseline)
     */
    public GroupCommitWriter(Store store, String threadName, BatchHooks hooks, int maxBatch) {
        this.store = store;
        this.hooks = hooks;
        this.maxBatch = maxBatch;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public boolean isWriterThread() {
        return Thread.currentThread() == thread;
    }

    /** Queues a write; never blocks. The future completes (on the writer thread) once the write is durable. */
    public <T> CompletableFuture<T> submit(Task<T> task) {
        Pending<T> pending = new Pending<>(task);
        if (closed) {
            pending.future.completeExceptionally(closedError());
        } else if (!queue.offer(pending)) {
            pending.future.completeExceptionally(new HubException(HubError.SERVER_BUSY,
                    "the hub has " + QUEUE_CAPACITY + " writes waiting to be stored; retry later"));
        }
        return pending.future;
    }

    /** Stores everything queued so far, then stops the thread. Waits for it; the caller closes the store. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Writes that raced with close() and landed after STOP.
        Pending<?> late;
        while ((late = queue.poll()) != null) {
            late.future.completeExceptionally(closedError());
        }
    }

    /** Where the writer's time went so far (read it after {@link #close()}; for the benchmark). */
    record Statistics(long commits, long writes, double applyMillisPerCommit, double commitMillisPerCommit) {
        double writesPerCommit() {
            return commits == 0 ? 0 : (double) writes / commits;
        }
    }

    Statistics statistics() {
        long n = Math.max(1, commits);
        return new Statistics(commits, writes, applyNanos / 1e6 / n, commitNanos / 1e6 / n);
    }

    private HubException closedError() {
        return new HubException(HubError.SERVER_BUSY, "the hub is shutting down");
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, maxBatch - 1);
                stop = batch.remove(STOP);
                runBatch(batch);
                if (!batch.isEmpty()) {
                    commits++;
                    writes += batch.size();
                }
            } catch (InterruptedException e) {
                LOG.warn("The writer of {} was interrupted; pending writes will fail", store.file());
                stop = true;
            } catch (RuntimeException | Error e) {
                // A bug in a task's bookkeeping must not kill the only writer.
                LOG.error("The writer of {}: unexpected failure in a batch", store.file(), e);
                for (Pending<?> pending : batch) {
                    pending.future.completeExceptionally(e);
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void runBatch(List<Pending<?>> batch) {
        Connection connection = store.connection();
        long started = System.nanoTime();
        List<Pending<?>> toApply = batch;
        while (!applyAll(connection, toApply)) {
            // A failing write took the whole transaction with it (SQLite does that on e.g. a full disk): start a
            // fresh one and redo the writes that have not failed. Each round fails one more write, so this ends.
            hooks.batchEnded();
            restartTransaction(connection);
            toApply = new ArrayList<>();
            for (Pending<?> pending : batch) {
                if (pending.failure == null) {
                    pending.result = null;
                    pending.transaction = null;
                    toApply.add(pending);
                }
            }
        }
        long committing = System.nanoTime();
        applyNanos += committing - started;
        SQLException commitFailure = null;
        try {
            hooks.beforeCommit(connection);
            connection.commit();
            commitNanos += System.nanoTime() - committing;
        } catch (SQLException e) {
            commitFailure = e;
            LOG.error("{}: commit of {} writes failed: {}", store.file(), batch.size(), e.getMessage());
            restartTransaction(connection);
        } finally {
            hooks.batchEnded();
        }
        for (Pending<?> pending : batch) {
            if (pending.failure == null && commitFailure != null) {
                pending.failure = new HubException(HubError.SERVER_ERROR,
                        "the hub could not store the change in " + store.file() + ": " + commitFailure.getMessage());
            }
            if (pending.failure == null) {
                runAll(pending.transaction.publish);
            }
        }
        for (Pending<?> pending : batch) {
            if (pending.failure == null) {
                runAll(pending.transaction.notifications);
            }
        }
        for (Pending<?> pending : batch) {
            pending.complete();
        }
    }

    /** Applies each write in its own savepoint; false if a failure lost the transaction (redo the batch). */
    private boolean applyAll(Connection connection, List<Pending<?>> writes) {
        for (Pending<?> pending : writes) {
            if (!apply(connection, pending)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs one write. A refused or failing write is undone alone (rollback to its savepoint) and gets its failure;
     * returns false only when even that was impossible because SQLite already rolled back the whole transaction.
     */
    private <T> boolean apply(Connection connection, Pending<T> pending) {
        Transaction transaction = new Transaction(connection);
        boolean begun = false;
        try {
            savepoint("SAVEPOINT write").execute();
            begun = true;
            pending.result = pending.task.run(transaction);
            savepoint("RELEASE write").execute();
            pending.transaction = transaction;
            return true;
        } catch (Exception e) {
            pending.failure = e instanceof HubException ? e : new HubException(HubError.SERVER_ERROR,
                    "the hub could not store the change in " + store.file() + ": " + e.getMessage());
            if (!(e instanceof HubException)) {
                LOG.error("{}: a write failed", store.file(), e);
                forgetStatements();
            }
            if (!begun) {
                return false;
            }
            try {
                savepoint("ROLLBACK TO write").execute();
                savepoint("RELEASE write").execute();
                return true;
            } catch (SQLException lost) {
                LOG.warn("{}: the failed write aborted the transaction; redoing the others", store.file());
                return false;
            }
        }
    }

    /**
     * One write at a time is open, so one savepoint name does; each statement is prepared once (the driver's own
     * savepoints format a fresh name and parse a fresh statement for every write).
     */
    private PreparedStatement savepoint(String sql) throws SQLException {
        PreparedStatement statement = savepoints.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = store.connection().prepareStatement(sql);
            savepoints.put(sql, statement);
        }
        return statement;
    }

    private void forgetStatements() {
        for (PreparedStatement statement : savepoints.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                LOG.debug("Closing a prepared statement failed: {}", e.getMessage());
            }
        }
        savepoints.clear();
        store.forgetStatements();
    }

    /**
     * Leaves SQLite in a fresh transaction whatever state it is in. The JDBC driver's own rollback() does not
     * begin a new transaction when SQLite has already ended the old one, and statements would then commit
     * one by one.
     */
    private void restartTransaction(Connection connection) {
        forgetStatements();
        try (Statement statement = connection.createStatement()) {
            try {
                statement.execute("ROLLBACK");
            } catch (SQLException noTransaction) {
                // Already rolled back by SQLite.
            }
            statement.execute("BEGIN");
        } catch (SQLException e) {
            LOG.error("{}: cannot start a new transaction: {}", store.file(), e.getMessage());
        }
    }

    private static void runAll(List<Runnable> actions) {
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("A post-commit action failed", e);
            }
        }
    }
}
