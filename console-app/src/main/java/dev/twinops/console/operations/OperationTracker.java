package dev.twinops.console.operations;

import java.util.List;

/**
 * Follows operations once they are sent (the progress monitor implements it): the launcher tells it each operation
 * and what it learns about it while sending. Calls return at once, from any thread.
 */
public interface OperationTracker {

    /** Starts following an operation; its devices show as waiting at once. */
    void track(SentOperation operation);

    /** A direct call's answer (or the hub's error for it). */
    void methodAnswered(String operationId, String deviceId, MethodOutcome outcome);

    /** Adds devices to an operation (a query target resolved after the start). */
    void addDevices(String operationId, List<String> deviceIds);

    void jobScheduled(String operationId, String jobId);

    /** The job could not be created: its devices fail with the hub's reason. */
    void jobRefused(String operationId, String reason);

    /** A note for the operation's panel entry. */
    void message(String operationId, String text);
}
