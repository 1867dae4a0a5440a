package dev.twinops.console;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

import javafx.animation.AnimationTimer;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ScrollBar;

/**
 * Splits the FX thread's CPU in each pulse gap of a table's load into where it went, to tell which pulse carries a
 * heavy gap and why: the CSS pass (from the pulse's animation timers to the scene's pre-layout listeners), the layout
 * pass (pre- to post-layout listeners; the cells a {@code VirtualFlow} makes and styles in its layout count here), the
 * list's drains (told by the caller), and the rest (bounds, copying to the render graph, other runnables). A gap runs
 * from one pulse's timers to the next pulse's: it holds the CSS and layout of the rows that were in the list when it
 * began, then the drains that add rows for the next pulse. For each gap it also notes the rows in the list, the
 * table rows laid out, and whether the vertical scroll bar showed. Runs on the FX thread only.
 */
final class TablePulseTrace {

    /** One gap. CPU figures in nanoseconds. */
    record Gap(int index, long startedAt, long cpu, long css, long layout, long drains, int rowsAtStart,
               int rowsAtEnd, int tableRows, boolean scrollBar) {
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Scene scene;
    private final IntSupplier rows;
    private final List<Gap> gaps = new ArrayList<>();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            pulse();
        }
    };
    private final Runnable preLayout = () -> preLayoutCpu = threads.getCurrentThreadCpuTime();
    private final Runnable postLayout = this::postLayout;
    private long origin;
    /** Wall-clock time at origin, to find a gap in a profile. */
    private long originMillis;
    private long gapStart;
    private long gapStartCpu;
    private long pulseCpu;
    private long preLayoutCpu;
    private long css;
    private long layout;
    private long drains;
    private int rowsAtStart;
    private int tableRows;
    private boolean scrollBar;
    private ScrollBar verticalBar;

    /** @param rows the rows in the list now */
    TablePulseTrace(Scene scene, IntSupplier rows) {
        this.scene = scene;
        this.rows = rows;
    }

    /** @param origin nanoTime the figures are relative to (the query's start) */
    void start(long origin) {
        this.origin = origin;
        this.originMillis = System.currentTimeMillis() - (System.nanoTime() - origin) / 1_000_000;
        gapStart = 0;
        scene.addPreLayoutPulseListener(preLayout);
        scene.addPostLayoutPulseListener(postLayout);
        timer.start();
        if (Boolean.getBoolean("bench.sampleGaps")) {
            sampler = new Sampler(Thread.currentThread());
            sampler.start();
        }
    }

    void stop() {
        if (sampler != null) {
            sampler.interrupt();
        }
        timer.stop();
        scene.removePreLayoutPulseListener(preLayout);
        scene.removePostLayoutPulseListener(postLayout);
    }

    /** A drain of the list's updates took this much FX CPU (nanoseconds) in the current gap. */
    void drained(long cpuNanos) {
        drains += cpuNanos;
    }

    private void pulse() {
        long now = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        int rowsNow = rows.getAsInt();
        if (gapStart != 0) {
            gaps.add(new Gap(gaps.size(), gapStart - origin, cpu - gapStartCpu, css, layout, drains, rowsAtStart,
                    rowsNow, tableRows, scrollBar));
        }
        gapStart = now;
        gapStartCpu = cpu;
        pulseCpu = cpu;
        preLayoutCpu = 0;
        css = 0;
        layout = 0;
        drains = 0;
        rowsAtStart = rowsNow;
    }

    private void postLayout() {
        long cpu = threads.getCurrentThreadCpuTime();
        if (preLayoutCpu != 0) {
            css += preLayoutCpu - pulseCpu;
            layout += cpu - preLayoutCpu;
        }
        tableRows = scene.getRoot().lookupAll(".table-row-cell").size();
        if (verticalBar == null) {
            for (Node n : scene.getRoot().lookupAll(".virtual-flow > .scroll-bar")) {
                if (n instanceof ScrollBar bar && bar.getOrientation() == Orientation.VERTICAL) {
                    verticalBar = bar;
                }
            }
        }
        scrollBar = verticalBar != null && verticalBar.isVisible();
        pulseCpu = cpu;
        preLayoutCpu = 0;
    }

    /**
     * Samples the FX thread's stack every millisecond while the trace runs ({@code -Dbench.sampleGaps=true}), so that
     * {@link #report} can say what the heaviest gaps spent their time in (a profiler's sampling at this rate misses
     * most of a 50 ms gap). Started and stopped with the trace.
     */
    private final class Sampler extends Thread {
        private final Thread fx;
        private final List<long[]> times = new ArrayList<>();
        private final List<StackTraceElement[]> stacks = new ArrayList<>();

        Sampler(Thread fx) {
            super("fx-gap-sampler");
            this.fx = fx;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                StackTraceElement[] stack = fx.getStackTrace();
                long at = System.nanoTime() - origin;
                if (stack.length > 0 && fx.getState() == State.RUNNABLE && !stack[0].getMethodName().startsWith("_runLoop")) {
                    synchronized (this) {
                        times.add(new long[] {at});
                        stacks.add(stack);
                    }
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** The frames most often on the stack (inclusive) in samples taken between from and to, most first. */
        synchronized String top(long from, long to, int limit) {
            java.util.Map<String, Integer> inclusive = new java.util.HashMap<>();
            int n = 0;
            for (int i = 0; i < times.size(); i++) {
                if (times.get(i)[0] < from || times.get(i)[0] >= to) {
                    continue;
                }
                n++;
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (StackTraceElement f : stacks.get(i)) {
                    String key = f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName();
                    if (seen.add(key)) {
                        inclusive.merge(key, 1, Integer::sum);
                    }
                }
            }
            StringBuilder sb = new StringBuilder("  " + n + " samples:");
            inclusive.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(limit)
                    .forEach(e -> sb.append(String.format(Locale.ROOT, "%n    %4d %s", e.getValue(), e.getKey())));
            return sb.append(System.lineSeparator()).toString();
        }
    }

    private Sampler sampler;

    /** Every gap so far, in order. */
    List<Gap> gaps() {
        return List.copyOf(gaps);
    }

    /** The gaps with the most FX CPU, most first. */
    String report(int top) {
        StringBuilder sb = new StringBuilder();
        gaps.stream().sorted(Comparator.comparingLong(Gap::cpu).reversed()).limit(top).forEach(g -> sb.append(
                String.format(Locale.ROOT, "gap %d at %d ms (%s): FX CPU %.1f ms = CSS %.1f + layout %.1f + drains %.1f + "
                                + "other %.1f; rows %d -> %d, %d table rows laid out, vertical scroll bar %s%n",
                        g.index(), g.startedAt() / 1_000_000, clock(g), g.cpu() / 1e6, g.css() / 1e6, g.layout() / 1e6,
                        g.drains() / 1e6, (g.cpu() - g.css() - g.layout() - g.drains()) / 1e6, g.rowsAtStart(),
                        g.rowsAtEnd(), g.tableRows(), g.scrollBar() ? "shown" : "hidden")).append(sampler == null ? ""
                : sampler.top(g.startedAt(), g.index() + 1 < gaps.size() ? gaps.get(g.index() + 1).startedAt()
                : Long.MAX_VALUE, 60)));
        return sb.toString();
    }

    private String clock(Gap g) {
        return java.time.LocalTime.ofInstant(java.time.Instant.ofEpochMilli(originMillis + g.startedAt() / 1_000_000),
                java.time.ZoneOffset.UTC).toString();
    }

    /**
     * The gaps of the first screenful, in order: from the last gap without rows until the table's rows stop growing
     * (the gap after the first one with as many table rows as the last) or the scroll bar shows, at most {@code max}.
     */
    String firstGaps(int max) {
        StringBuilder sb = new StringBuilder();
        int start = 0;
        while (start + 1 < gaps.size() && gaps.get(start + 1).rowsAtStart() == 0) {
            start++;
        }
        int finalRows = gaps.isEmpty() ? 0 : gaps.get(gaps.size() - 1).tableRows();
        for (int i = start; i < Math.min(gaps.size(), start + max); i++) {
            Gap g = gaps.get(i);
            sb.append(String.format(Locale.ROOT, "  gap %d at %d ms: CPU %.1f (CSS %.1f, layout %.1f, drains %.1f), "
                            + "rows %d -> %d, table rows %d, bar %s%n", g.index(), g.startedAt() / 1_000_000,
                    g.cpu() / 1e6, g.css() / 1e6, g.layout() / 1e6, g.drains() / 1e6, g.rowsAtStart(), g.rowsAtEnd(),
                    g.tableRows(), g.scrollBar() ? "shown" : "hidden"));
            if (i > start && (g.scrollBar() || g.tableRows() == finalRows) && gaps.get(i - 1).tableRows() == g.tableRows()) {
                break;
            }
        }
        return sb.toString();
    }
}
