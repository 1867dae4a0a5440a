package dev.twinops.dm.reported;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** {@code iothubDM.reboot.status}: rebooting, then completed or failed. */
public enum RebootStatus {
    REBOOTING("rebooting"),
    COMPLETED("completed"),
    FAILED("failed"),
    /** A value this version does not know (a newer or foreign device). */
    @JsonEnumDefaultValue
    UNKNOWN("unknown");

    private final String wireName;

    RebootStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }
}
