package dev.twinops.console.connection;

/** What the console was doing when a hub call failed, and which policy permission that needs. */
public enum HubAction {
    LIST_DEVICES("list devices", "Registry read"),
    COUNT_DEVICES("count devices", "Registry read"),
    READ_TWIN("read the twin", "Service connect"),
    UPDATE_TWIN("update the twin", "Service connect");

    private final String description;
    private final String permission;

    HubAction(String description, String permission) {
        this.description = description;
        this.permission = permission;
    }

    public String description() {
        return description;
    }

    public String permission() {
        return permission;
    }
}
