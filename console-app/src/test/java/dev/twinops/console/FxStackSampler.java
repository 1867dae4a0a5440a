package dev.twinops.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Samples the JavaFX thread's stack every few milliseconds, for benchmarks that must say where the FX thread's time
 * went (a profiler sampling at its default rate misses most of a 50 ms gap). Samples of an idle FX thread (its event
 * loop waiting, or parked) are left out. Each sample keeps its time and its distinct frames, so a summary can cover
 * the whole run or one window of it.
 */
final class FxStackSampler extends Thread {

    private final Thread fx;
    private final long origin;
    private final long periodMillis;
    private final Map<String, Integer> frameIds = new HashMap<>();
    private final List<String> frames = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();
    private final List<int[]> samples = new ArrayList<>();

    /**
     * @param fx           the JavaFX application thread
     * @param origin       nanoTime that sample times are relative to
     * @param periodMillis the time between two samples
     */
    FxStackSampler(Thread fx, long origin, long periodMillis) {
        super("fx-stack-sampler");
        this.fx = fx;
        this.origin = origin;
        this.periodMillis = periodMillis;
        setDaemon(true);
    }

    @Override
    public void run() {
        while (!isInterrupted()) {
            StackTraceElement[] stack = fx.getStackTrace();
            long at = System.nanoTime() - origin;
            if (stack.length > 0 && fx.getState() == State.RUNNABLE && !idle(stack[0])) {
                record(at, stack);
            }
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static boolean idle(StackTraceElement top) {
        return top.getMethodName().startsWith("_runLoop") || top.getMethodName().equals("park");
    }

    private synchronized void record(long at, StackTraceElement[] stack) {
        int[] ids = new int[stack.length];
        int n = 0;
        for (StackTraceElement f : stack) {
            String key = f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName();
            Integer id = frameIds.get(key);
            if (id == null) {
                id = frames.size();
                frameIds.put(key, id);
                frames.add(key);
            }
            ids[n++] = id; // a recursive frame counts once per sample below
        }
        times.add(at);
        samples.add(java.util.Arrays.copyOf(ids, n));
    }

    /** The frames most often on the stack (inclusive) over the whole run, most first. */
    String top(int limit) {
        return top(Long.MIN_VALUE, Long.MAX_VALUE, limit);
    }

    /** The frames most often on the stack (inclusive) in samples taken from {@code from} to {@code to}, most first. */
    synchronized String top(long from, long to, int limit) {
        int[] counts = new int[frames.size()];
        int n = 0;
        for (int i = 0; i < samples.size(); i++) {
            long at = times.get(i);
            if (at < from || at >= to) {
                continue;
            }
            n++;
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int id : samples.get(i)) {
                if (seen.add(id)) {
                    counts[id]++;
                }
            }
        }
        StringBuilder sb = new StringBuilder("  " + n + " FX busy samples:");
        List<Integer> order = new ArrayList<>();
        for (int id = 0; id < counts.length; id++) {
            if (counts[id] > 0) {
                order.add(id);
            }
        }
        order.sort((a, b) -> counts[b] - counts[a]);
        order.stream().limit(limit).forEach(id ->
                sb.append(String.format(Locale.ROOT, "%n    %5d %s", counts[id], frames.get(id))));
        return sb.append(System.lineSeparator()).toString();
    }
}
