package dev.twinops.hub.state;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens an SQLite file the way the hub keeps each of its stores: created owner-only (the stores hold device keys and
 * method payloads; SQLite gives its -wal and -shm files the same permissions), locked exclusively (a second hub on
 * the same directory fails at once instead of corrupting it), WAL journal, fsync on every commit, autocommit off.
 */
public final class SqliteStoreFile {

    private SqliteStoreFile() {
    }

    /**
     * @param file the database file (its directory is created when missing)
     * @param what how messages name the store, e.g. "hub state"
     * @throws StateStoreException naming the store, the file and the cause (not writable, not a database, held by
     *                             another hub)
     */
    public static Connection open(Path file, String what) {
        createOwnerOnly(file, what);
        Connection connection = null;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 0");
                statement.execute("PRAGMA locking_mode = EXCLUSIVE");
                try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                    String journal = mode.next() ? mode.getString(1) : "?";
                    if (!"wal".equalsIgnoreCase(journal)) {
                        throw new SQLException("SQLite refused the WAL journal (got " + journal + ")");
                    }
                }
                statement.execute("PRAGMA synchronous = FULL");
            }
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeAfterFailure(connection);
            throw failure(file, what, e);
        }
    }

    /** The error for a store that could not be opened or set up; closes nothing. */
    public static StateStoreException failure(Path file, String what, Exception cause) {
        // With an exclusive lock and no busy timeout, "locked" means another process holds the file.
        String hint = String.valueOf(cause.getMessage()).contains("locked")
                ? " (is another hub running on this data directory?)" : "";
        return new StateStoreException("Cannot open " + what + " " + file + ": " + cause.getMessage() + hint, cause);
    }

    /** Closes a connection whose set-up failed; the set-up's own error is the one to report. */
    public static void closeAfterFailure(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already failing
        }
    }

    /** The store and its journal files must be the user's and owner-only: they hold device keys. */
    private static void checkAdoptable(Path file, String what) {
        for (Path each : new Path[] {file, Path.of(file + "-wal"), Path.of(file + "-shm")}) {
            try {
                if (Files.exists(each, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    dev.twinops.hub.tls.OwnerOnlyFiles.checkAdoptable(each, true);
                }
            } catch (IOException e) {
                throw new StateStoreException("Cannot open " + what + ": " + e.getMessage(), e);
            }
        }
    }

    private static void createOwnerOnly(Path file, String what) {
        Path directory = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StateStoreException("Cannot create the hub data directory " + directory + ": " + e, e);
        }
        // also for an existing file: the WAL journal needs files next to it
        if (!Files.isWritable(directory)) {
            throw new StateStoreException("Cannot open " + what + " " + file + ": the directory " + directory
                    + " is not writable", null);
        }
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            checkAdoptable(file, what);
            return;
        }
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (IOException e) {
            throw new StateStoreException("Cannot create " + what + " " + file + ": " + e, e);
        }
    }
}
