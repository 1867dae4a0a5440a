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
 *
 * <p>A list holds up to 100,000 rows, and a table binds only the few dozen it draws (or, sorted by a column, that
 * column of every row): each field is a plain value until something asks for its property, which is then made once
 * and kept. A row is about a third of the size it was with nine properties made up front. FX thread only.
 */
public final class DeviceRow {

    /** Progress value meaning "no operation in flight". */
    public static final double NO_PROGRESS = -1;

    private final String deviceId;
    private String connectionStateValue = "";
    private String statusValue = "";
    private String firmwareVersionValue = "";
    private Instant lastActivityValue;
    private String tagsValue = "";
    private String operationValue = "";
    private double operationProgressValue = NO_PROGRESS;
    private String operationOutcomeValue = "";
    private String operationPhaseValue = "";
    private StringProperty connectionState;
    private StringProperty status;
    private StringProperty firmwareVersion;
    private ObjectProperty<Instant> lastActivity;
    private StringProperty tags;
    private StringProperty operation;
    private DoubleProperty operationProgress;
    private StringProperty operationOutcome;
    // Changing it does not re-sort the list: it changes every second per device during a rollout, and every
    // re-sorting change is a list event that a sorted table pays for.
    private StringProperty operationPhase;

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
        connectionStateValue = set(connectionState, snapshot.connectionState());
        statusValue = set(status, snapshot.status());
        firmwareVersionValue = set(firmwareVersion, snapshot.firmwareVersion());
        lastActivityValue = snapshot.lastActivity();
        if (lastActivity != null) {
            lastActivity.set(lastActivityValue);
        }
        tagsValue = set(tags, snapshot.tagSummary());
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
        // Every field before any property: a listener told of one (a cell's text, its tooltip) reads the others.
        operationValue = name == null ? "" : name;
        operationProgressValue = progress;
        operationOutcomeValue = outcome == null ? "" : outcome;
        set(operation, operationValue);
        if (operationProgress != null) {
            operationProgress.set(progress);
        }
        set(operationOutcome, operationOutcomeValue);
    }

    /**
     * The live phase of the operation in flight ("downloading 40%"), shown before its name; "" when there is none.
     * Changing it does not re-sort or re-filter the list.
     */
    public void showOperationPhase(String phase) {
        // the field first: the property's listeners read it through operationCellText / operationText
        operationPhaseValue = phase == null ? "" : phase;
        set(operationPhase, operationPhaseValue);
    }

    public String deviceId() {
        return deviceId;
    }

    // Plain values, for the sort order (RowOrder) and anything else that must not make a property per row.
    String connectionState() {
        return connectionStateValue;
    }

    String status() {
        return statusValue;
    }

    String firmwareVersion() {
        return firmwareVersionValue;
    }

    Instant lastActivity() {
        return lastActivityValue;
    }

    String tags() {
        return tagsValue;
    }

    String operation() {
        return operationValue;
    }

    public ReadOnlyStringProperty connectionStateProperty() {
        if (connectionState == null) {
            connectionState = new SimpleStringProperty(this, "connectionState", connectionStateValue);
        }
        return connectionState;
    }

    public ReadOnlyStringProperty statusProperty() {
        if (status == null) {
            status = new SimpleStringProperty(this, "status", statusValue);
        }
        return status;
    }

    public ReadOnlyStringProperty firmwareVersionProperty() {
        if (firmwareVersion == null) {
            firmwareVersion = new SimpleStringProperty(this, "firmwareVersion", firmwareVersionValue);
        }
        return firmwareVersion;
    }

    public ReadOnlyObjectProperty<Instant> lastActivityProperty() {
        if (lastActivity == null) {
            lastActivity = new SimpleObjectProperty<>(this, "lastActivity", lastActivityValue);
        }
        return lastActivity;
    }

    public ReadOnlyStringProperty tagsProperty() {
        if (tags == null) {
            tags = new SimpleStringProperty(this, "tags", tagsValue);
        }
        return tags;
    }

    public ReadOnlyStringProperty operationProperty() {
        if (operation == null) {
            operation = new SimpleStringProperty(this, "operation", operationValue);
        }
        return operation;
    }

    public ReadOnlyDoubleProperty operationProgressProperty() {
        if (operationProgress == null) {
            operationProgress = new SimpleDoubleProperty(this, "operationProgress", operationProgressValue);
        }
        return operationProgress;
    }

    /** The live phase, "" when none (see {@link #showOperationPhase}). */
    public ReadOnlyStringProperty operationPhaseProperty() {
        if (operationPhase == null) {
            operationPhase = new SimpleStringProperty(this, "operationPhase", operationPhaseValue);
        }
        return operationPhase;
    }

    /**
     * What the Operation column shows: the live phase first, "downloading 40% · Firmware 2.1.0" (a narrow column cuts
     * the name, not the progress), or the settled outcome, "Firmware 2.1.0 · current".
     */
    public String operationCellText() {
        String phase = livePhase();
        return phase.isEmpty() ? liveOperation() : phase + " · " + liveOperation();
    }

    /** "Firmware 2.1.0 · downloading 40%": the operation with its live phase (the cell's tooltip). */
    public String operationText() {
        String phase = livePhase();
        return phase.isEmpty() ? liveOperation() : liveOperation() + " · " + phase;
    }

    // A binding over the two properties computes its text here. Reading through a property that exists (it holds the
    // same value as the field) validates it again: a property that is left invalid tells its listeners of no further
    // change, which froze a cell's "downloading 40%" while the device went on to 90%.
    private String livePhase() {
        return operationPhase != null ? operationPhase.get() : operationPhaseValue;
    }

    private String liveOperation() {
        return operation != null ? operation.get() : operationValue;
    }

    /** "", "succeeded", "failed" or "stuck". */
    public ReadOnlyStringProperty operationOutcomeProperty() {
        if (operationOutcome == null) {
            operationOutcome = new SimpleStringProperty(this, "operationOutcome", operationOutcomeValue);
        }
        return operationOutcome;
    }

    /** Text the quick filter searches: every visible column. */
    boolean matches(String needleLowerCase) {
        return contains(deviceId, needleLowerCase)
                || contains(connectionStateValue, needleLowerCase)
                || contains(statusValue, needleLowerCase)
                || contains(firmwareVersionValue, needleLowerCase)
                || contains(tagsValue, needleLowerCase)
                || contains(operationValue, needleLowerCase);
    }

    /** Sets the property when one was made; returns the value to keep in the plain field. */
    private static String set(StringProperty property, String value) {
        if (property != null) {
            property.set(value);
        }
        return value;
    }

    private static boolean contains(String haystack, String needleLowerCase) {
        return haystack != null && haystack.toLowerCase(java.util.Locale.ROOT).contains(needleLowerCase);
    }
}
