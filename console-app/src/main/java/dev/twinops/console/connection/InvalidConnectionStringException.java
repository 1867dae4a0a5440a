package dev.twinops.console.connection;

/** A pasted connection string is unusable; the message says what is wrong and never contains the key. */
public final class InvalidConnectionStringException extends IllegalArgumentException {

    public InvalidConnectionStringException(String message) {
        super(message);
    }
}
