package dev.twinops.console.devices;

/** The hub refused a query as malformed. The message is the hub's own, which points at the position of the mistake. */
public final class QueryRejectedException extends Exception {

    public QueryRejectedException(String hubMessage) {
        super(hubMessage);
    }

    public QueryRejectedException(String hubMessage, Throwable cause) {
        super(hubMessage, cause);
    }
}
