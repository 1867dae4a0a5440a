package dev.twinops.hub.auth;

/** IoT Hub's shared-access permissions, with the names IoT Hub uses for them. */
public enum Permission {
    /** Read the identity registry (devices), read twins, run queries. */
    REGISTRY_READ("RegistryRead"),
    /** Create, update and delete devices. */
    REGISTRY_WRITE("RegistryWrite"),
    /** Service-facing endpoints: twin updates, direct methods, jobs, queries. */
    SERVICE_CONNECT("ServiceConnect"),
    /** Device-facing endpoints, on behalf of any device. */
    DEVICE_CONNECT("DeviceConnect");

    private final String displayName;

    Permission(String displayName) {
        this.displayName = displayName;
    }

    /** The name IoT Hub uses, e.g. {@code RegistryRead}. */
    public String displayName() {
        return displayName;
    }

    /** Parses IoT Hub's name ({@code RegistryRead}, case-insensitive). */
    public static Permission fromDisplayName(String name) {
        for (Permission p : values()) {
            if (p.displayName.equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown permission '" + name + "'; known: RegistryRead, RegistryWrite, "
                + "ServiceConnect, DeviceConnect");
    }

    @Override
    public String toString() {
        return displayName;
    }
}
