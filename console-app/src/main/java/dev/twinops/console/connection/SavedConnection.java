package dev.twinops.console.connection;

import java.util.Objects;

/** A hub the operator connected to before, under a name of their choosing. */
public record SavedConnection(String name, ServiceConnectionString connectionString) {

    public SavedConnection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(connectionString, "connectionString");
    }

    @Override
    public String toString() {
        return name + " (" + connectionString.masked() + ")";
    }
}
