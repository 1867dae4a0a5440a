package dev.twinops.console;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where the console keeps its files, where its embedded hub listens, and how it looks; resolved once at
 * start-up. The home directory ({@code ~/.twinops} by default) can be moved with the system property
 * {@code twinops.home} or the environment variable {@code TWINOPS_HOME}, so tests and screenshots never
 * touch the user's real home. The embedded hub listens on {@code twinops.localhub.bind} (127.0.0.1) and
 * {@code twinops.localhub.port} (8443); its devices always connect on port 8883.
 */
public record ConsoleSettings(Path homeDirectory, Theme theme, String localHubBindAddress, int localHubPort) {

    public static final String HOME_PROPERTY = "twinops.home";
    public static final String HOME_ENVIRONMENT = "TWINOPS_HOME";
    public static final String THEME_PROPERTY = "twinops.theme";
    public static final String BIND_PROPERTY = "twinops.localhub.bind";
    public static final String PORT_PROPERTY = "twinops.localhub.port";
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 8443;

    public enum Theme { LIGHT, DARK }

    public ConsoleSettings {
        Objects.requireNonNull(homeDirectory, "homeDirectory");
        Objects.requireNonNull(theme, "theme");
        Objects.requireNonNull(localHubBindAddress, "localHubBindAddress");
        if (localHubPort < 1 || localHubPort > 65_535) {
            throw new IllegalArgumentException(PORT_PROPERTY + " must be 1..65535, not " + localHubPort);
        }
    }

    /** Default look and local hub address, files under {@code homeDirectory}. */
    public static ConsoleSettings at(Path homeDirectory) {
        return new ConsoleSettings(homeDirectory, Theme.LIGHT, DEFAULT_BIND_ADDRESS, DEFAULT_PORT);
    }

    public ConsoleSettings withLocalHub(String bindAddress, int port) {
        return new ConsoleSettings(homeDirectory, theme, bindAddress, port);
    }

    public static ConsoleSettings fromEnvironment() {
        return resolve(System.getProperties().entrySet().stream()
                        .collect(Collectors.toMap(e -> String.valueOf(e.getKey()), e -> String.valueOf(e.getValue()))),
                System.getenv());
    }

    static ConsoleSettings resolve(Map<String, String> properties, Map<String, String> environment) {
        String home = properties.get(HOME_PROPERTY);
        if (isBlank(home)) {
            home = environment.get(HOME_ENVIRONMENT);
        }
        Path homeDirectory = isBlank(home)
                ? Path.of(properties.getOrDefault("user.home", "."), ".twinops")
                : Path.of(home);
        String theme = properties.getOrDefault(THEME_PROPERTY, "light").strip().toLowerCase(Locale.ROOT);
        String bind = properties.getOrDefault(BIND_PROPERTY, DEFAULT_BIND_ADDRESS).strip();
        String port = properties.getOrDefault(PORT_PROPERTY, String.valueOf(DEFAULT_PORT)).strip();
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PORT_PROPERTY + " must be a port number, not \"" + port + "\"");
        }
        return new ConsoleSettings(homeDirectory.toAbsolutePath(), "dark".equals(theme) ? Theme.DARK : Theme.LIGHT,
                bind, portNumber);
    }

    /** The embedded local hub's data directory. */
    public Path localHubDirectory() {
        return homeDirectory.resolve("local-hub");
    }

    /** Saved Azure hub connections (owner-only file). */
    public Path connectionsFile() {
        return homeDirectory.resolve("connections.json");
    }

    /** What the console remembers between runs: window layout, theme, a moved local hub address. */
    public Path settingsFile() {
        return homeDirectory.resolve("settings.json");
    }

    /** Query history and named queries. */
    public Path queriesFile() {
        return homeDirectory.resolve("queries.json");
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
