package dev.twinops.console.progress;

/** Where one device stands in one operation, as the console judges it from reported state and the method's answer. */
public enum ProgressState {
    /** Nothing reported for this request yet. */
    WAITING("waiting"),
    /** The device reports a phase of this request. */
    IN_PROGRESS("in progress"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    /** Past the deadline without finishing and without reporting anything new: offline, hung or very slow. */
    STUCK("stuck");

    private final String label;

    ProgressState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Succeeded or failed: nothing more is expected. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED;
    }

    /** Final or stuck: the device no longer counts as in flight. */
    public boolean isSettled() {
        return isFinal() || this == STUCK;
    }
}
