package dev.twinops.console;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where the console keeps its files and how it looks, resolved once at start-up.
 * The home directory ({@code ~/.twinops} by default) can be moved with the system property
 * {@code twinops.home} or the environment variable {@code TWINOPS_HOME}, so tests and screenshots never
 * touch the user's real home.
 */
public record ConsoleSettings(Path homeDirectory, Theme theme) {

    public static final String HOME_PROPERTY = "twinops.home";
    public static final String HOME_ENVIRONMENT = "TWINOPS_HOME";
    public static final String THEME_PROPERTY = "twinops.theme";

    public enum Theme { LIGHT, DARK }

    public ConsoleSettings {
        Objects.requireNonNull(homeDirectory, "homeDirectory");
        Objects.requireNonNull(theme, "theme");
    }

    public static ConsoleSettings fromEnvironment() {
        return resolve(System.getProperties().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(e -> String.valueOf(e.getKey()),
                                e -> String.valueOf(e.getValue()))),
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
        String theme = properties.getOrDefault(THEME_PROPERTY, "light").trim().toLowerCase(Locale.ROOT);
        return new ConsoleSettings(homeDirectory.toAbsolutePath(), "dark".equals(theme) ? Theme.DARK : Theme.LIGHT);
    }

    /** The embedded local hub's data directory. */
    public Path localHubDirectory() {
        return homeDirectory.resolve("local-hub");
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
