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
            sampler = new FxStackSampler(Thread.currentThread(), origin, 1);
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

    /** Set with {@code -Dbench.sampleGaps=true}: what the heaviest gaps spent their time in. */
    private FxStackSampler sampler;

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
