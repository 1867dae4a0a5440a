package dev.twinops.hub.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Why the hub has a writer thread per store (state.db, jobs.db) rather than one thread for both: commits on two
 * files opened as the hub opens them ({@link SqliteStoreFile}: WAL, synchronous=FULL), one thread alternating between
 * them against a thread each, in the same run. Each commit is one small upsert, as a twin write or a job row is.
 *
 * <pre>
 * mvn -B -q -o -pl hub-emulator exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.twinops.hub.state.TwoStoresCommitBenchmark -Dexec.args="2000 6"
 * </pre>
 * Arguments: commits per file per round (default 2000), rounds (default 6), directory (default
 * {@code hub-emulator/target/two-stores-benchmark}, on the real disk: /tmp may be RAM, where fsync is free).
 */
public final class TwoStoresCommitBenchmark {

    public static void main(String[] args) throws Exception {
        int commits = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        Path base = args.length > 2 ? Paths.get(args[2]) : Paths.get("hub-emulator/target/two-stores-benchmark");
        if (!Files.isDirectory(base.getParent() == null ? Paths.get(".") : base.getParent())) {
            base = Paths.get("target/two-stores-benchmark");
        }
        Connection state = open(base.resolve("state.db"));
        Connection jobs = open(base.resolve("jobs.db"));
        try {
            commit(state, commits / 10);
            commit(jobs, commits / 10);
            for (int round = 1; round <= rounds; round++) {
                long started = System.nanoTime();
                for (int i = 0; i < commits; i++) {
                    upsert(state, i);
                    upsert(jobs, i);
                }
                double oneThread = (System.nanoTime() - started) / 1e6;
                started = System.nanoTime();
                Thread stateWriter = new Thread(() -> commit(state, commits));
                Thread jobsWriter = new Thread(() -> commit(jobs, commits));
                stateWriter.start();
                jobsWriter.start();
                stateWriter.join();
                jobsWriter.join();
                double threadEach = (System.nanoTime() - started) / 1e6;
                System.out.printf(Locale.ROOT, "round %d: %d commits on each file: one thread %6.0f ms, a thread each"
                        + " %6.0f ms (%.2f of the time)%n", round, commits, oneThread, threadEach, threadEach / oneThread);
            }
        } finally {
            state.close();
            jobs.close();
        }
    }

    private static Connection open(Path file) throws SQLException {
        Connection connection = SqliteStoreFile.open(file, "benchmark store");
        try (var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS rows (k INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        }
        connection.commit();
        return connection;
    }

    private static void commit(Connection connection, int commits) {
        try {
            for (int i = 0; i < commits; i++) {
                upsert(connection, i);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void upsert(Connection connection, int i) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT OR REPLACE INTO rows VALUES (?, ?)")) {
            upsert.setInt(1, i % 1000);
            upsert.setString(2, "{\"status\":\"running\",\"n\":" + i + "}");
            upsert.executeUpdate();
        }
        connection.commit();
    }
}
