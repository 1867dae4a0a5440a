package dev.twinops.console.imports;

/** How the bulk registry operation treats each device: IoT Hub's {@code importMode} values the import offers. */
public enum ImportMode {
    /** A device that exists already fails (DeviceAlreadyExists); nothing about it changes. */
    CREATE("create", "Create new devices (existing ones fail)"),
    /** A device that exists is updated: keys given replace its keys, keys not given are kept; tags are merged. */
    CREATE_OR_UPDATE("createOrUpdate", "Create or update (existing ones are updated)");

    private final String wireName;
    private final String label;

    ImportMode(String wireName, String label) {
        this.wireName = wireName;
        this.label = label;
    }

    /** IoT Hub's name, as the request carries it. */
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return label;
    }
}
