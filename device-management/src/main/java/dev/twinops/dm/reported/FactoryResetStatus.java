package dev.twinops.dm.reported;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** {@code iothubDM.factoryReset.status}: resetting, rebooting, then completed or failed. */
public enum FactoryResetStatus {
    RESETTING("resetting"),
    REBOOTING("rebooting"),
    COMPLETED("completed"),
    FAILED("failed"),
    @JsonEnumDefaultValue
    UNKNOWN("unknown");

    private final String wireName;

    FactoryResetStatus(String wireName) {
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
