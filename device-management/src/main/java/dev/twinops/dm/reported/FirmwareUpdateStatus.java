package dev.twinops.dm.reported;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * {@code iothubDM.firmwareUpdate.status}, in the order a successful update passes through them:
 * waiting (only while a device defers its download), downloading, verifying, applying, rebooting, current. Any phase
 * may end in failed instead.
 */
public enum FirmwareUpdateStatus {
    WAITING("waiting"),
    DOWNLOADING("downloading"),
    VERIFYING("verifying"),
    APPLYING("applying"),
    REBOOTING("rebooting"),
    CURRENT("current"),
    FAILED("failed"),
    @JsonEnumDefaultValue
    UNKNOWN("unknown");

    private final String wireName;

    FirmwareUpdateStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return this == CURRENT || this == FAILED;
    }

    /** Position in the success path (waiting = 0 ... current = 5); -1 for failed and unknown. */
    public int phaseIndex() {
        return this == FAILED || this == UNKNOWN ? -1 : ordinal();
    }
}
