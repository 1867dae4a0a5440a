package dev.twinops.rollout.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long devices spent in one phase (e.g. downloading): how many were measured, the median and 95th percentile
 * (nearest rank), and a small histogram.
 */
public record PhaseStats(String phase, int devices, Duration p50, Duration p95, List<Bucket> histogram) {

    /** Devices whose time in the phase was under {@code upToSeconds} (and at least the previous bucket's). */
    public record Bucket(String label, Long upToSeconds, int devices) {
    }

    private static final long[] EDGES = {1, 2, 5, 10, 30, 60, 120, 300, 600};

    static PhaseStats of(String phase, List<Duration> times) {
        List<Duration> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        int[] counts = new int[EDGES.length + 1];
        for (Duration d : sorted) {
            int i = 0;
            while (i < EDGES.length && d.toMillis() >= EDGES[i] * 1000) {
                i++;
            }
            counts[i]++;
        }
        List<Bucket> histogram = new ArrayList<>();
        for (int i = 0; i <= EDGES.length; i++) {
            String label = i == 0 ? "< " + seconds(EDGES[0]) : i == EDGES.length ? ">= " + seconds(EDGES[i - 1])
                    : seconds(EDGES[i - 1]) + " - " + seconds(EDGES[i]);
            histogram.add(new Bucket(label, i == EDGES.length ? null : EDGES[i], counts[i]));
        }
        return new PhaseStats(phase, sorted.size(), percentile(sorted, 50), percentile(sorted, 95),
                List.copyOf(histogram));
    }

    /** Nearest rank: the smallest value with at least {@code p} % of the values at or below it. */
    static Duration percentile(List<Duration> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String seconds(long s) {
        return s < 60 ? s + " s" : s / 60 + " min";
    }
}
