package dev.twinops.dm.reported;

/** Where a requested operation stands, judged from one device's reported state. */
public enum OperationVerdict {
    /** Nothing reported yet for this request. */
    PENDING,
    /** The device reports the operation under way. */
    IN_PROGRESS,
    SUCCEEDED,
    FAILED
}
