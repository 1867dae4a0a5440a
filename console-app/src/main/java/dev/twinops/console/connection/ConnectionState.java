package dev.twinops.console.connection;

/** Where the console stands with its current hub. */
public enum ConnectionState {
    /** Nothing selected yet. */
    DISCONNECTED,
    /** The embedded local hub is starting (or restarting). */
    STARTING_LOCAL_HUB,
    /** Checking a hub's address and credentials. */
    CONNECTING,
    CONNECTED,
    /** The hub stopped answering; the console retries with back-off and says when it is back. */
    UNREACHABLE,
    /** Could not connect at all (bad credentials, local hub failed to start). */
    FAILED
}
