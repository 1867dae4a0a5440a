package dev.twinops.console.connection;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A local hub the operator opened before, under a name of their choosing: only where its data directory (or
 * connection.json) is. No key is saved: it is read from the hub's own file each time, so a hub that moved port or
 * address is still found, and one that stopped says so.
 */
public record SavedLocalHub(String name, Path location) {

    public SavedLocalHub {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
    }

    @Override
    public String toString() {
        return name + " (" + location + ")";
    }
}
