package dev.twinops.hub.state;

/** The hub's state cannot be opened or used: the message names the file and the cause. */
public class StateStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
