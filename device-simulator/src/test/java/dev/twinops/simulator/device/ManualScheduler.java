package dev.twinops.simulator.device;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/** Virtual time for unit tests: tasks run only when the test advances the clock, in due order. */
public final class ManualScheduler implements Scheduler {

    private record Task(Instant due, long seq, Runnable run, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due.equals(b.due)
            ? Long.compare(a.seq, b.seq) : a.due.compareTo(b.due));
    private Instant now = Instant.parse("2026-03-01T10:00:00Z");
    private long seq;

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now.plus(delay), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Runs everything due now (including tasks those tasks schedule for now). */
    public void runDue() {
        advance(Duration.ZERO);
    }

    public void advance(Duration duration) {
        Instant target;
        synchronized (this) {
            target = now.plus(duration);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due.isAfter(target)) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = next.due;
            }
            if (!next.cancelled[0]) {
                next.run.run();
            }
        }
    }
}
