package dev.twinops.console.operations;

import java.time.Duration;

import dev.twinops.dm.DmMethod;

/**
 * The operations the console starts from its buttons. The three management operations follow the
 * device-management protocol (progress under {@code iothubDM}); any other method is judged by its answer alone.
 */
public enum OperationKind {
    REBOOT("Reboot", DmMethod.REBOOT, Duration.ofMinutes(2)),
    FACTORY_RESET("Factory reset", DmMethod.FACTORY_RESET, Duration.ofMinutes(3)),
    FIRMWARE_UPDATE("Firmware update", DmMethod.FIRMWARE_UPDATE, Duration.ofMinutes(10)),
    METHOD("Method", null, Duration.ofMinutes(2));

    private final String displayName;
    private final DmMethod method;
    private final Duration defaultDeadline;

    OperationKind(String displayName, DmMethod method, Duration defaultDeadline) {
        this.displayName = displayName;
        this.method = method;
        this.defaultDeadline = defaultDeadline;
    }

    public String displayName() {
        return displayName;
    }

    /** The device-management method, or null for an arbitrary method. */
    public DmMethod managementMethod() {
        return method;
    }

    /** True when the device reports this operation's progress under {@code iothubDM}. */
    public boolean reportsProgress() {
        return method != null;
    }

    /**
     * How long after the request a device may take before it counts as stuck, for one device; a job adds the
     * time it needs to reach every device.
     */
    public Duration defaultDeadline() {
        return defaultDeadline;
    }
}
