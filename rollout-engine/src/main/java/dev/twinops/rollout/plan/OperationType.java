package dev.twinops.rollout.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What a rollout does to each device: a firmware update, a reboot, or any direct method. */
public enum OperationType {
    FIRMWARE_UPDATE("firmwareUpdate"),
    REBOOT("reboot"),
    METHOD("method");

    private final String wireName;

    OperationType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static OperationType fromWireName(String name) {
        for (OperationType t : values()) {
            if (t.wireName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown operation type '" + name + "' (use "
                + Arrays.stream(values()).map(OperationType::wireName).collect(Collectors.joining(", ")) + ")");
    }
}
