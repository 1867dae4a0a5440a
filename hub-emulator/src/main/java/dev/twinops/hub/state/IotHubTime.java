package dev.twinops.hub.state;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * Dates as IoT Hub writes them: UTC with seven fractional digits ({@code 2026-01-01T00:00:00.1234567Z}),
 * and {@code 0001-01-01T00:00:00Z} for "never".
 */
public final class IotHubTime {

    /** IoT Hub's "never happened" date, e.g. the statusUpdateTime of a device whose status never changed. */
    public static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

    private static final String NEVER_TEXT = "0001-01-01T00:00:00Z";

    private static final DateTimeFormatter SEVEN_DIGITS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 7, 7, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private IotHubTime() {
    }

    /** {@code null} and {@link #NEVER} both format as {@code 0001-01-01T00:00:00Z}. */
    public static String format(Instant instant) {
        if (instant == null || instant.equals(NEVER)) {
            return NEVER_TEXT;
        }
        return SEVEN_DIGITS.format(instant);
    }

    /**
     * Parses any ISO-8601 instant (with or without fractional digits); null or blank gives {@link #NEVER}, as does
     * its text (one instance for the many devices never connected).
     */
    public static Instant parse(String text) {
        if (text == null || text.isBlank() || text.equals(NEVER_TEXT)) {
            return NEVER;
        }
        return Instant.parse(text);
    }
}
