package dev.twinops.rollout.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The twin queries the engine may send: at most {@code perMinute} in any sliding minute (IoT Hub counts queries per
 * minute), and rounds spread out so a round of N queries is followed by a pause worth N queries of the budget.
 */
final class QueryBudget {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final Deque<Instant> sent = new ArrayDeque<>();

    QueryBudget(int perMinute) {
        this.perMinute = perMinute;
    }

    boolean isLimited() {
        return perMinute > 0;
    }

    int perMinute() {
        return perMinute;
    }

    /** Whether {@code queries} more fit the last minute's budget now. */
    boolean hasRoom(int queries, Instant now) {
        if (!isLimited()) {
            return true;
        }
        expire(now);
        return sent.size() + Math.min(queries, perMinute) <= perMinute;
    }

    void record(long queries, Instant now) {
        if (!isLimited()) {
            return;
        }
        for (long i = 0; i < queries; i++) {
            sent.addLast(now);
        }
        expire(now);
    }

    /** The pause after a round of {@code queries}, never shorter than {@code minimum}. */
    Duration pauseAfter(int queries, Duration minimum) {
        if (!isLimited() || queries <= 0) {
            return minimum;
        }
        Duration share = WINDOW.multipliedBy(queries).dividedBy(perMinute);
        return share.compareTo(minimum) > 0 ? share : minimum;
    }

    private void expire(Instant now) {
        Instant cutoff = now.minus(WINDOW);
        while (!sent.isEmpty() && !sent.peekFirst().isAfter(cutoff)) {
            sent.removeFirst();
        }
    }
}
