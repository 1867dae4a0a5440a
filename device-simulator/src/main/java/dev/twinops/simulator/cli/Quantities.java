package dev.twinops.simulator.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the human quantities the command line takes: {@code 5s}, {@code 500ms}, {@code 2MB/s}, {@code unlimited},
 * {@code 64MiB}.
 */
final class Quantities {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|kib|mib|gib)?(?:/s)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|kib|mib|gib)?");

    private Quantities() {
    }

    /** {@code 5s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number means seconds. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 5s, 500ms, 2m)");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> value;
            case "s" -> value * 1_000;
            case "m" -> value * 60_000;
            default -> value * 3_600_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /**
     * Bytes per second from {@code 2MB/s}, {@code 512KB/s}, {@code 100000} (bytes/s) or {@code unlimited} (0).
     * KB and MB are 1024-based, as download tools show them.
     */
    static long bytesPerSecond(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("unlimited") || t.equals("0")) {
            return 0;
        }
        Matcher m = RATE.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a bandwidth (examples: 2MB/s, 512KB/s, unlimited)");
        }
        long result = bytes(m);
        if (result <= 0) {
            throw new IllegalArgumentException("bandwidth must be positive or 'unlimited', got '" + text + "'");
        }
        return result;
    }

    /** Bytes from {@code 64MiB}, {@code 512KB}, {@code 100000}; KB and MB are 1024-based as for bandwidth. */
    static long bytes(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 64MiB, 512KB, 1GB)");
        }
        long result = bytes(m);
        if (result <= 0) {
            throw new IllegalArgumentException("size must be positive, got '" + text + "'");
        }
        return result;
    }

    private static long bytes(Matcher m) {
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        double factor = switch (unit) {
            case "kb", "kib" -> 1024;
            case "mb", "mib" -> 1024 * 1024;
            case "gb", "gib" -> 1024.0 * 1024 * 1024;
            default -> 1;
        };
        return Math.round(value * factor);
    }
}
