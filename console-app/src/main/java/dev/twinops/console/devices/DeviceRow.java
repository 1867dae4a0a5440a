package dev.twinops.console.devices;

import java.time.Instant;
import java.util.Objects;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One device as the table shows it. Rows are updated in place (on the FX thread) when a newer snapshot of the
 * same device arrives, so selection and scroll position survive a refresh.
 */
public final class DeviceRow {

    /** Progress value meaning "no operation in flight". */
    public static final double NO_PROGRESS = -1;

    private final String deviceId;
    private final StringProperty connectionState = new SimpleStringProperty(this, "connectionState", "");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private final StringProperty firmwareVersion = new SimpleStringProperty(this, "firmwareVersion", "");
    private final ObjectProperty<Instant> lastActivity = new SimpleObjectProperty<>(this, "lastActivity");
    private final StringProperty tags = new SimpleStringProperty(this, "tags", "");
    private final StringProperty operation = new SimpleStringProperty(this, "operation", "");
    private final DoubleProperty operationProgress = new SimpleDoubleProperty(this, "operationProgress", NO_PROGRESS);
    private final StringProperty operationOutcome = new SimpleStringProperty(this, "operationOutcome", "");
    // Not in the list's extractor: it changes every second per device during a rollout, and every extracted change
    // is a list event that a sorted table pays for (about a millisecond each).
    private final StringProperty operationPhase = new SimpleStringProperty(this, "operationPhase", "");

    public DeviceRow(String deviceId) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    }

    public static DeviceRow of(DeviceSnapshot snapshot) {
        DeviceRow row = new DeviceRow(snapshot.deviceId());
        row.apply(snapshot);
        return row;
    }

    /** Copies a snapshot of the same device into this row. */
    public void apply(DeviceSnapshot snapshot) {
        if (!deviceId.equals(snapshot.deviceId())) {
            throw new IllegalArgumentException("snapshot of " + snapshot.deviceId() + " applied to row " + deviceId);
        }
        connectionState.set(snapshot.connectionState());
        status.set(snapshot.status());
        firmwareVersion.set(snapshot.firmwareVersion());
        lastActivity.set(snapshot.lastActivity());
        tags.set(snapshot.tagSummary());
    }

    /** Shows an operation in the Operation column; {@code progress} in 0..1, or {@link #NO_PROGRESS}. */
    public void showOperation(String name, double progress) {
        showOperation(name, progress, "");
    }

    /**
     * Shows an operation with how it stands, for the cell's colour: "" (under way or none), "succeeded", "failed"
     * or "stuck".
     */
    public void showOperation(String name, double progress, String outcome) {
        operation.set(name == null ? "" : name);
        operationProgress.set(progress);
        operationOutcome.set(outcome == null ? "" : outcome);
    }

    /**
     * The live phase of the operation in flight ("downloading 40%"), shown before its name; "" when there is none.
     * Changing it does not re-sort or re-filter the list.
     */
    public void showOperationPhase(String phase) {
        operationPhase.set(phase == null ? "" : phase);
    }

    public String deviceId() {
        return deviceId;
    }

    public ReadOnlyStringProperty connectionStateProperty() {
        return connectionState;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty firmwareVersionProperty() {
        return firmwareVersion;
    }

    public ReadOnlyObjectProperty<Instant> lastActivityProperty() {
        return lastActivity;
    }

    public ReadOnlyStringProperty tagsProperty() {
        return tags;
    }

    public ReadOnlyStringProperty operationProperty() {
        return operation;
    }

    public ReadOnlyDoubleProperty operationProgressProperty() {
        return operationProgress;
    }

    /** The live phase, "" when none (see {@link #showOperationPhase}). */
    public ReadOnlyStringProperty operationPhaseProperty() {
        return operationPhase;
    }

    /**
     * What the Operation column shows: the live phase first, "downloading 40% · Firmware 2.1.0" (a narrow column cuts
     * the name, not the progress), or the settled outcome, "Firmware 2.1.0 · current".
     */
    public String operationCellText() {
        String phase = operationPhase.get();
        return phase.isEmpty() ? operation.get() : phase + " · " + operation.get();
    }

    /** "Firmware 2.1.0 · downloading 40%": the operation with its live phase (the cell's tooltip). */
    public String operationText() {
        String phase = operationPhase.get();
        return phase.isEmpty() ? operation.get() : operation.get() + " · " + phase;
    }

    /** "", "succeeded", "failed" or "stuck". */
    public ReadOnlyStringProperty operationOutcomeProperty() {
        return operationOutcome;
    }

    /** Text the quick filter searches: every visible column. */
    boolean matches(String needleLowerCase) {
        return contains(deviceId, needleLowerCase)
                || contains(connectionState.get(), needleLowerCase)
                || contains(status.get(), needleLowerCase)
                || contains(firmwareVersion.get(), needleLowerCase)
                || contains(tags.get(), needleLowerCase)
                || contains(operation.get(), needleLowerCase);
    }

    private static boolean contains(String haystack, String needleLowerCase) {
        return haystack != null && haystack.toLowerCase(java.util.Locale.ROOT).contains(needleLowerCase);
    }
}
