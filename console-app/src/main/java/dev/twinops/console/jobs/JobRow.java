package dev.twinops.console.jobs;

import java.util.Locale;
import java.util.Objects;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One job in the jobs table, updated in place on every refresh so the selection stays. */
public final class JobRow {

    private final String jobId;
    private final ReadOnlyObjectWrapper<JobInfo> info = new ReadOnlyObjectWrapper<>(this, "info");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper operation = new ReadOnlyStringWrapper(this, "operation", "");
    private final ReadOnlyStringWrapper statistics = new ReadOnlyStringWrapper(this, "statistics", "");
    private final ReadOnlyStringWrapper condition = new ReadOnlyStringWrapper(this, "condition", "");

    public JobRow(JobInfo job) {
        this.jobId = Objects.requireNonNull(job.jobId());
        apply(job);
    }

    public void apply(JobInfo job) {
        info.set(job);
        status.set(job.status());
        operation.set(job.operation());
        statistics.set(statistics(job));
        condition.set(job.queryCondition() == null ? "" : job.queryCondition());
    }

    /** "20 devices: 18 succeeded, 2 failed" (plus running/pending while they last). */
    static String statistics(JobInfo job) {
        if (job.deviceCount() == 0 && !job.isActive()) {
            return "no devices";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(n(job.deviceCount())).append(job.deviceCount() == 1 ? " device: " : " devices: ")
                .append(n(job.succeeded())).append(" succeeded, ").append(n(job.failed())).append(" failed");
        if (job.running() > 0) {
            sb.append(", ").append(n(job.running())).append(" running");
        }
        if (job.pending() > 0) {
            sb.append(", ").append(n(job.pending())).append(" pending");
        }
        return sb.toString();
    }

    private static String n(int v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    public String jobId() {
        return jobId;
    }

    public JobInfo info() {
        return info.get();
    }

    public ReadOnlyObjectProperty<JobInfo> infoProperty() {
        return info.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty operationProperty() {
        return operation.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statisticsProperty() {
        return statistics.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty conditionProperty() {
        return condition.getReadOnlyProperty();
    }
}
