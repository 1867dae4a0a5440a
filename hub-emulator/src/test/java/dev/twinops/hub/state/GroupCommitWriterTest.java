package dev.twinops.hub.state;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.twinops.hub.state.StateTestSupport.done;
import static dev.twinops.hub.state.StateTestSupport.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** The writer both stores use (state.db and jobs.db), on a store of its own. */
class GroupCommitWriterTest {

    @TempDir
    Path dataDir;

    private Connection connection;
    private GroupCommitWriter writer;

    @BeforeEach
    void open() throws SQLException {
        Path file = dataDir.resolve("test.db");
        connection = SqliteStoreFile.open(file, "the test store");
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (name TEXT PRIMARY KEY)");
        }
        connection.commit();
        writer = new GroupCommitWriter(new GroupCommitWriter.Store() {
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
            }
        }, "test-writer", GroupCommitWriter.BatchHooks.NONE, GroupCommitWriter.MAX_BATCH);
        writer.start();
    }

    @AfterEach
    void close() throws SQLException {
        writer.close();
        connection.close();
    }

    @Test
    void aFailingWriteIsUndoneAsAWholeWhileTheOthersOfItsBatchCommit() throws Exception {
        CountDownLatch queued = new CountDownLatch(1);
        CompletableFuture<Object> holdTheWriter = writer.submit(tx -> queued.await(10, TimeUnit.SECONDS));
        CompletableFuture<Integer> before = insert("a");
        CompletableFuture<Integer> failing = writer.submit(tx -> {
            try (Statement statement = tx.connection().createStatement()) {
                statement.executeUpdate("INSERT INTO items VALUES ('half-done')");
                return statement.executeUpdate("INSERT INTO no_such_table VALUES (1)");
            }
        });
        CompletableFuture<Integer> after = insert("b");
        queued.countDown();

        done(holdTheWriter);
        assertThat(done(before)).isEqualTo(1);
        assertThat(refusal(failing).error()).isEqualTo(HubError.SERVER_ERROR);
        assertThat(done(after)).isEqualTo(1);
        String stored = done(writer.<String>submit(tx -> names(tx.connection())));
        assertThat(stored).as("nothing of the failed write is left").isEqualTo("a,b");
    }

    @Test
    void writesAfterCloseAreRefused() {
        writer.close();

        assertThat(refusal(insert("late")).error()).isEqualTo(HubError.SERVER_BUSY);
    }

    private CompletableFuture<Integer> insert(String name) {
        return writer.submit(tx -> {
            try (Statement statement = tx.connection().createStatement()) {
                return statement.executeUpdate("INSERT INTO items VALUES ('" + name + "')");
            }
        });
    }

    private static String names(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT group_concat(name, ',') FROM (SELECT name FROM items ORDER BY name)")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
