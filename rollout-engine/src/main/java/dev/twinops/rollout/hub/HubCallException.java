package dev.twinops.rollout.hub;

/** A hub call that did not go through; {@link #kind()} says whether waiting or looking again helps. */
public class HubCallException extends Exception {

    public enum Kind {
        /** 429: over a quota (queries, job operations, active jobs); try again later. */
        THROTTLED,
        /** 409: e.g. a job with this id exists already (a call repeated after a restart). */
        CONFLICT,
        /** 404: e.g. no such job. */
        NOT_FOUND,
        /** 400: the hub refused the request as malformed. */
        BAD_REQUEST,
        /** Anything else: network, 5xx, authentication. */
        OTHER
    }

    private final Kind kind;

    public HubCallException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public HubCallException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
