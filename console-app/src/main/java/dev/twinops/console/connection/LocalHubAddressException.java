package dev.twinops.console.connection;

/** No address works for the embedded hub; the message names who holds the port and how to free it. */
public final class LocalHubAddressException extends IllegalStateException {

    public LocalHubAddressException(String message) {
        super(message);
    }
}
