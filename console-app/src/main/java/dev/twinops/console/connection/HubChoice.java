package dev.twinops.console.connection;

import java.util.Objects;

/** An entry of the hub selector: the embedded local hub, an opened local hub or a saved Azure hub, by name. */
public record HubChoice(String name, Source source) {

    /** Where the hub behind a choice comes from. */
    public enum Source {
        /** The hub running inside the console. */
        EMBEDDED,
        /** Another local hub, opened by its data directory or connection.json. */
        OPENED_LOCAL,
        /** An Azure IoT Hub, by its saved connection string. */
        AZURE
    }

    public static final HubChoice LOCAL = new HubChoice("Local hub", Source.EMBEDDED);

    public HubChoice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }

    public static HubChoice azure(String name) {
        return new HubChoice(name, Source.AZURE);
    }

    public static HubChoice openedLocal(String name) {
        return new HubChoice(name, Source.OPENED_LOCAL);
    }

    /** LOCAL for the embedded and opened local hubs, AZURE otherwise. */
    public HubConnection.Kind kind() {
        return source == Source.AZURE ? HubConnection.Kind.AZURE : HubConnection.Kind.LOCAL;
    }

    /** A saved hub the operator can forget (every one but the embedded hub). */
    public boolean isSaved() {
        return source != Source.EMBEDDED;
    }

    @Override
    public String toString() {
        return name;
    }
}
