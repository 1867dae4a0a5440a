package dev.twinops.console.connection;

import java.util.Objects;

/** An entry of the hub selector: the embedded local hub, or a saved Azure connection by name. */
public record HubChoice(String name, HubConnection.Kind kind) {

    public static final HubChoice LOCAL = new HubChoice("Local hub", HubConnection.Kind.LOCAL);

    public HubChoice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
        return name;
    }
}
