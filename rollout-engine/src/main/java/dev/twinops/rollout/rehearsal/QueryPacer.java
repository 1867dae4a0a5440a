package dev.twinops.rollout.rehearsal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps a copy's queries within a budget per sliding minute, as IoT Hub counts them: {@link #awaitRoom()} before each
 * query blocks until the last minute has room. A budget of 0 never waits.
 */
public final class QueryPacer {

    /** Waits; injectable so tests need not. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Deque<Instant> sent = new ArrayDeque<>();

    public QueryPacer(int perMinute, Clock clock, Sleeper sleeper) {
        if (perMinute < 0) {
            throw new IllegalArgumentException("a query budget is 0 (none) or positive, not " + perMinute);
        }
        this.perMinute = perMinute;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** A pacer on the system clock that really waits. */
    public static QueryPacer perMinute(int perMinute) {
        return new QueryPacer(perMinute, Clock.systemUTC(), d -> Thread.sleep(Math.max(1, d.toMillis())));
    }

    public int budgetPerMinute() {
        return perMinute;
    }

    /** Blocks until one more query fits the last minute, and counts it as sent. */
    public synchronized void awaitRoom() throws InterruptedException {
        if (perMinute == 0) {
            return;
        }
        while (true) {
            Instant now = clock.instant();
            while (!sent.isEmpty() && !sent.peekFirst().isAfter(now.minus(WINDOW))) {
                sent.removeFirst();
            }
            if (sent.size() < perMinute) {
                sent.addLast(now);
                return;
            }
            sleeper.sleep(Duration.between(now, sent.peekFirst().plus(WINDOW)));
        }
    }
}
