package dev.twinops.hub.state;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The times written into twin {@code $metadata}: one per write, strictly later than the previous one, at IoT Hub's
 * 100 ns resolution, so that metadata orders changes even within one clock tick. Writer thread only.
 */
final class StampClock {

    private final Clock clock;
    private Instant last = Instant.EPOCH;

    StampClock(Clock clock) {
        this.clock = clock;
    }

    Instant next() {
        Instant now = clock.instant();
        now = now.truncatedTo(ChronoUnit.MICROS).plusNanos(now.getNano() % 1000 / 100 * 100);
        if (!now.isAfter(last)) {
            now = last.plusNanos(100);
        }
        last = now;
        return now;
    }

    /** A metadata stamp for one write of a section; {@code desiredVersion} null for reported properties. */
    TwinMerge.Stamp stamp(Long desiredVersion) {
        return TwinMerge.Stamp.of(next(), desiredVersion);
    }
}
