package dev.twinops.dm;

import java.util.Optional;

/** The direct methods a managed device implements, by their wire names. */
public enum DmMethod {
    REBOOT("reboot"),
    FACTORY_RESET("factoryReset"),
    FIRMWARE_UPDATE("firmwareUpdate");

    private final String methodName;

    DmMethod(String methodName) {
        this.methodName = methodName;
    }

    /** The name used in {@code $iothub/methods/POST/{name}} and in the service SDK's invoke call. */
    public String methodName() {
        return methodName;
    }

    public static Optional<DmMethod> fromMethodName(String name) {
        for (DmMethod m : values()) {
            if (m.methodName.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
