package dev.twinops.console.connection;

/** A local hub's data directory or connection file cannot be used; the message says why and what to do. */
public final class LocalHubFileException extends Exception {

    public LocalHubFileException(String message) {
        super(message);
    }
}
