package dev.twinops.console.imports;

import dev.twinops.hubclient.registry.BulkRegistryOperation;

/** How the bulk registry operation treats each device: IoT Hub's {@code importMode} values the import offers. */
public enum ImportMode {
    /** A device that exists already fails (DeviceAlreadyExists); nothing about it changes. */
    CREATE(BulkRegistryOperation.Mode.CREATE, "Create new devices (existing ones fail)"),
    /** A device that exists is updated: keys given replace its keys, keys not given are kept; tags are merged. */
    CREATE_OR_UPDATE(BulkRegistryOperation.Mode.CREATE_OR_UPDATE, "Create or update (existing ones are updated)");

    private final BulkRegistryOperation.Mode operationMode;
    private final String label;

    ImportMode(BulkRegistryOperation.Mode operationMode, String label) {
        this.operationMode = operationMode;
        this.label = label;
    }

    /** The bulk registry operation's mode. */
    public BulkRegistryOperation.Mode operationMode() {
        return operationMode;
    }

    /** IoT Hub's name, as the request carries it. */
    public String wireName() {
        return operationMode.wireName();
    }

    @Override
    public String toString() {
        return label;
    }
}
