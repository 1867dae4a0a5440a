package dev.twinops.console.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One operation in the progress panel: counts per outcome and per phase, the overall bar, elapsed time, the job's
 * own status, and the failed and stuck devices with their reasons. Updated in place on the FX thread from
 * {@link OperationSummary summaries}.
 */
public final class OperationProgressViewModel {

    private final String operationId;
    private final Instant requestedAt;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyStringWrapper countsText = new ReadOnlyStringWrapper(this, "countsText", "");
    private final ReadOnlyStringWrapper phasesText = new ReadOnlyStringWrapper(this, "phasesText", "");
    private final ReadOnlyStringWrapper jobText = new ReadOnlyStringWrapper(this, "jobText", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper elapsedText = new ReadOnlyStringWrapper(this, "elapsedText", "");
    private final ReadOnlyDoubleWrapper overall = new ReadOnlyDoubleWrapper(this, "overall", 0);
    private final ReadOnlyIntegerWrapper total = new ReadOnlyIntegerWrapper(this, "total");
    private final ReadOnlyIntegerWrapper succeeded = new ReadOnlyIntegerWrapper(this, "succeeded");
    private final ReadOnlyIntegerWrapper failed = new ReadOnlyIntegerWrapper(this, "failed");
    private final ReadOnlyIntegerWrapper stuck = new ReadOnlyIntegerWrapper(this, "stuck");
    private final ReadOnlyIntegerWrapper inFlight = new ReadOnlyIntegerWrapper(this, "inFlight");
    private final ReadOnlyBooleanWrapper finished = new ReadOnlyBooleanWrapper(this, "finished");
    private final ObservableList<FailedDevice> failures = FXCollections.observableArrayList();
    // One read-only view, kept: listeners on a view that was thrown away would silently stop.
    private final ObservableList<FailedDevice> failuresView = FXCollections.unmodifiableObservableList(failures);
    private Instant finishedAt;

    public OperationProgressViewModel(String operationId, Instant requestedAt) {
        this.operationId = Objects.requireNonNull(operationId);
        this.requestedAt = Objects.requireNonNull(requestedAt);
    }

    public String operationId() {
        return operationId;
    }

    public Instant requestedAt() {
        return requestedAt;
    }

    /** Applies a newer summary. */
    public void apply(OperationSummary s, Instant now) {
        title.set(s.title() + " · " + s.targets());
        total.set(s.total());
        succeeded.set(s.succeeded());
        failed.set(s.failed());
        stuck.set(s.stuck());
        inFlight.set(s.inFlight());
        overall.set(s.overall());
        countsText.set(counts(s));
        phasesText.set(phases(s.phases()));
        jobText.set(s.jobStatus());
        message.set(s.message());
        if (!failures.equals(s.failures())) {
            failures.setAll(s.failures());
        }
        if (s.finished() && finishedAt == null) {
            finishedAt = now;
        } else if (!s.finished()) {
            finishedAt = null;
        }
        finished.set(s.finished());
        tick(now);
    }

    /** Moves the elapsed time on (it stops when the operation finishes). */
    public void tick(Instant now) {
        Instant end = finishedAt != null ? finishedAt : now;
        Duration elapsed = Duration.between(requestedAt, end);
        elapsedText.set((finishedAt != null ? "took " : "") + span(elapsed.isNegative() ? Duration.ZERO : elapsed));
    }

    static String counts(OperationSummary s) {
        StringBuilder sb = new StringBuilder();
        sb.append(number(s.total())).append(s.total() == 1 ? " device: " : " devices: ");
        sb.append(number(s.succeeded())).append(" succeeded, ");
        sb.append(number(s.failed())).append(" failed, ");
        if (s.stuck() > 0) {
            sb.append(number(s.stuck())).append(" stuck, ");
        }
        sb.append(number(s.inFlight())).append(" in flight");
        return sb.toString();
    }

    static String phases(Map<String, Integer> phases) {
        return phases.entrySet().stream().map(e -> e.getKey() + " " + number(e.getValue()))
                .collect(Collectors.joining(" · "));
    }

    static String span(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The failed and stuck devices' ids, for retrying them. */
    public List<String> failedDeviceIds() {
        return failures.stream().map(FailedDevice::deviceId).toList();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** "20 devices: 18 succeeded, 1 failed, 1 in flight". */
    public ReadOnlyStringProperty countsTextProperty() {
        return countsText.getReadOnlyProperty();
    }

    /** "downloading 3 · current 16 · failed 1". */
    public ReadOnlyStringProperty phasesTextProperty() {
        return phasesText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty jobTextProperty() {
        return jobText.getReadOnlyProperty();
    }

    /** A direct call's answer in words, or why the job was refused; "" when nothing to say. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty elapsedTextProperty() {
        return elapsedText.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty overallProperty() {
        return overall.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty succeededProperty() {
        return succeeded.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty stuckProperty() {
        return stuck.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty inFlightProperty() {
        return inFlight.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty finishedProperty() {
        return finished.getReadOnlyProperty();
    }

    /** Failed and stuck devices with their reasons. */
    public ObservableList<FailedDevice> failures() {
        return failuresView;
    }
}
