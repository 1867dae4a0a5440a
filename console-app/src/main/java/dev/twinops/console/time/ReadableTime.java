package dev.twinops.console.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Hub timestamps (UTC, up to 100 ns precision) in the operator's local time, to the second. */
public final class ReadableTime {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DAY_AND_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Clock clock;

    public ReadableTime(Clock clock) {
        this.clock = clock;
    }

    /** "2026-03-01 14:02:11", or "" for null. */
    public String absolute(Instant instant) {
        return instant == null ? "" : LOCAL.format(instant.atZone(zone()));
    }

    /** For narrow columns: "14:02:11" for today, "2026-02-27 09:15" before; "" for null. */
    public String compact(Instant instant) {
        if (instant == null) {
            return "";
        }
        var local = instant.atZone(zone());
        boolean today = local.toLocalDate().equals(clock.instant().atZone(zone()).toLocalDate());
        return (today ? TIME_OF_DAY : DAY_AND_MINUTE).format(local);
    }

    /** "2026-03-01 14:02:11 (5 min ago)", or "never" for null. */
    public String withAge(Instant instant) {
        return instant == null ? "never" : absolute(instant) + " (" + age(instant) + ")";
    }

    /** "just now", "42 s ago", "5 min ago", "3 h ago", "12 days ago", "in 3 min" for clock skew. */
    public String age(Instant instant) {
        Duration d = Duration.between(instant, clock.instant());
        if (d.isNegative()) {
            return "in " + span(d.negated());
        }
        if (d.toSeconds() < 5) {
            return "just now";
        }
        return span(d) + " ago";
    }

    private static String span(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        if (s < 86_400) {
            return (s / 3600) + " h";
        }
        long days = s / 86_400;
        return days + (days == 1 ? " day" : " days");
    }

    private ZoneId zone() {
        return clock.getZone();
    }
}
