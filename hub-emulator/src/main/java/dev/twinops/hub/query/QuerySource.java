package dev.twinops.hub.query;

/** The document collection a query's FROM clause names. */
public enum QuerySource {
    /** {@code FROM devices}: one service twin document per device. */
    DEVICES("devices"),
    /** {@code FROM devices.jobs}: one row per device and job; fields are written {@code devices.jobs.<field>}. */
    DEVICES_JOBS("devices.jobs"),
    /** {@code FROM devices.modules}: module twins (parsed and evaluated; the hub stores no modules). */
    DEVICES_MODULES("devices.modules");

    private final String collectionName;

    QuerySource(String collectionName) {
        this.collectionName = collectionName;
    }

    /** The collection name as written in a query, e.g. {@code devices.jobs}. */
    public String collectionName() {
        return collectionName;
    }
}
