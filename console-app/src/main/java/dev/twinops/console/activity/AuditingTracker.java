package dev.twinops.console.activity;

import java.util.List;
import java.util.Objects;

import dev.twinops.console.operations.MethodOutcome;
import dev.twinops.console.operations.OperationTracker;
import dev.twinops.console.operations.SentOperation;

/**
 * Every operation the console sends (method, firmware update, reboot, factory reset; single calls and jobs) goes
 * into the journal on its way to the progress monitor: what was sent to which devices, the job, and how the hub
 * took it. The operations package knows nothing of it: the application puts it in front of the tracker.
 */
public final class AuditingTracker implements OperationTracker {

    private final OperationTracker next;
    private final ConsoleJournal journal;

    public AuditingTracker(OperationTracker next, ConsoleJournal journal) {
        this.next = Objects.requireNonNull(next);
        this.journal = Objects.requireNonNull(journal);
    }

    @Override
    public void track(SentOperation operation) {
        next.track(operation);
        journal.record(journal.event("operation." + operation.request().methodName())
                .targets(operation.deviceIds().isEmpty() ? List.of(operation.targets()) : operation.deviceIds())
                .outcome("sent").detail("operationId", operation.request().operationId())
                .detail("title", operation.request().title()).detail("targets", operation.targets()));
    }

    @Override
    public void methodAnswered(String operationId, String deviceId, MethodOutcome outcome) {
        next.methodAnswered(operationId, deviceId, outcome);
        journal.record(journal.event("operation.answered").targets(List.of(deviceId))
                .outcome(outcome.describe()).detail("operationId", operationId));
    }

    @Override
    public void addDevices(String operationId, List<String> deviceIds) {
        next.addDevices(operationId, deviceIds);
    }

    @Override
    public void jobScheduled(String operationId, String jobId) {
        next.jobScheduled(operationId, jobId);
        journal.record(journal.event("operation.job-scheduled").jobIds(List.of(jobId)).outcome("scheduled")
                .detail("operationId", operationId));
    }

    @Override
    public void jobRefused(String operationId, String reason) {
        next.jobRefused(operationId, reason);
        journal.record(journal.event("operation.job-refused").outcome("refused: " + reason)
                .detail("operationId", operationId));
    }

    @Override
    public void message(String operationId, String text) {
        next.message(operationId, text);
    }
}
