package dev.twinops.console.fx;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.event.Event;
import javafx.event.EventHandler;
import javafx.event.EventType;
import javafx.geometry.HPos;
import javafx.geometry.VPos;
import javafx.scene.control.ScrollToEvent;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableViewSkin;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;

/**
 * A table skin that makes and fills its first screenful of rows a few rows a pulse instead of all in one layout pass.
 *
 * <p>In the layout pass after its items first become non-empty, a {@code TableView} makes a row, a row skin and a
 * cell and cell skin per column for every row slot its height holds, filled or empty, styles each and lays out its
 * text: for the device table 25 rows and 175 cells, 115 - 440 ms of FX CPU in one pulse, the most in a JVM's first
 * table (class loading, a cold JIT). This skin gives the rows' flow a shorter area at first, holding only the rows
 * made so far, and tells it no more items than it has filled so far, so it makes and fills no more rows than that
 * and shows no scroll bar for the shorter area. Each pulse both grow by a step ({@link RowSteps}: about
 * {@link #STEP_BUDGET_NANOS} of FX CPU a step) until the table's full height is made and filled; then the table lays
 * out as any other. Rows are made from the start, behind the placeholder while the list has no items yet (while a
 * query is out), so most are ready when the first items come. Empty rows are transparent in the console's themes,
 * so the shorter area looks the same as the full one.
 *
 * <p>Needs a fixed cell size (the table's {@code -fx-fixed-cell-size}) to know a row's height; without one it lays
 * out as {@link TableViewSkin} does.
 */
public final class GradualTableSkin<T> extends TableViewSkin<T> {

    /** FX CPU a step may spend on rows, well inside the 50 ms the console allows a pulse gap. */
    static final long STEP_BUDGET_NANOS = 15_000_000L;
    static final int MAX_STEP = 8;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final List<EventType<? extends Event>> INTERACTIONS = List.of(MouseEvent.MOUSE_PRESSED,
            KeyEvent.KEY_PRESSED, ScrollEvent.SCROLL, ScrollToEvent.ANY);

    // first guesses for a cold JVM on a slow machine: the steps correct them
    private final RowSteps steps = new RowSteps(STEP_BUDGET_NANOS, MAX_STEP, 20_000_000L, 10_000_000L);
    private boolean filled;
    private boolean stepQueued;
    private boolean stepStarted;
    private long stepStartedAt;
    private int fit = Integer.MAX_VALUE;
    /**
     * An operator who clicks, types or scrolls in the table while it fills (or code that scrolls it to a row) gets the
     * whole table at once: a selection or a scroll position past the rows shown so far would go astray.
     */
    private final EventHandler<Event> finishNow = event -> {
        if (!filled) {
            finish();
            updateItemCount();
            getSkinnable().requestLayout();
        }
    };

    /**
     * While it fills, a change to the items its shown rows show (the list's next page sorting before them) has the
     * flow fill each of them again in one layout, as dear in a cold JVM as filling them first: only as many as that
     * layout affords stay shown ({@link RowSteps#refill}), and the steps show the rest again.
     */
    private final ListChangeListener<T> refillInSteps = change -> {
        if (filled || steps == null) {
            return;
        }
        while (change.next()) {
            if (change.getFrom() < steps.shown()) {
                int before = steps.shown();
                steps.refill();
                if (steps.shown() != before) {
                    markItemCountDirty();
                }
                return;
            }
        }
    };
    private final ChangeListener<ObservableList<T>> itemsReplaced = (obs, old, items) -> {
        if (old != null) {
            old.removeListener(refillInSteps);
        }
        if (items != null) {
            items.addListener(refillInSteps);
        }
    };

    public GradualTableSkin(TableView<T> table) {
        super(table);
        for (EventType<? extends Event> type : INTERACTIONS) {
            table.addEventFilter(type, finishNow);
        }
        table.itemsProperty().addListener(itemsReplaced);
        itemsReplaced.changed(table.itemsProperty(), null, table.getItems());
        // The first filled cells lay out and clip text with the JDK's break iterators and Bidi, whose first use
        // loads their classes and rules: load them on another thread while rows are made behind the placeholder.
        TextServices.warmUpInBackground();
    }

    @Override
    public void dispose() {
        if (getSkinnable() != null) {
            for (EventType<? extends Event> type : INTERACTIONS) {
                getSkinnable().removeEventFilter(type, finishNow);
            }
            getSkinnable().itemsProperty().removeListener(itemsReplaced);
            itemsReplaced.changed(getSkinnable().itemsProperty(), getSkinnable().getItems(), null);
        }
        super.dispose();
    }

    /** Whether the first screenful is made and filled: from then on the table lays out as any other. */
    public boolean isFilled() {
        return filled;
    }

    @Override
    protected int getItemCount() {
        int items = super.getItemCount();
        // (steps is null while TableViewSkin's constructor asks)
        return filled ? items : steps == null ? 0 : Math.min(items, steps.shown());
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        double rowHeight = getSkinnable().getFixedCellSize();
        if (!filled && rowHeight <= 0) {
            finish();
        }
        if (filled || h <= 0) {
            super.layoutChildren(x, y, w, h);
            return;
        }
        steps.laidOut();
        double header = getTableHeaderRow().prefHeight(-1);
        fit = Math.max(1, (int) Math.ceil((h - header) / rowHeight));
        int items = super.getItemCount();
        if (items > 0 && steps.done(items, fit)) {
            // What is left is the last, partly shown row (and the scroll bar if the items need one).
            finish();
            super.layoutChildren(x, y, w, h);
            return;
        }
        if (items > 0 && steps.shown() == 0) {
            steps.showFirst();
            markItemCountDirty();
        }
        boolean moreToDo = !steps.done(items, fit);
        if (moreToDo && !stepStarted) {
            // a step's cost runs from its first layout to the next step (while idle, waiting for items, none runs)
            stepStarted = true;
            stepStartedAt = cpuNow();
        }
        if (moreToDo && !stepQueued) {
            stepQueued = true;
            // after this pulse: the flow lays its rows out after this method, in the same layout pass
            Platform.runLater(this::nextStep);
        }
        double rowsHeight = Math.min(steps.made(), fit) * rowHeight;
        if (items == 0) {
            // The placeholder shows; the flow behind it makes empty rows meanwhile.
            super.layoutChildren(x, y, w, h);
            layoutInArea(getVirtualFlow(), x, y + header, w, rowsHeight, 0, HPos.CENTER, VPos.TOP);
        } else {
            super.layoutChildren(x, y, w, header + rowsHeight);
        }
    }

    private void nextStep() {
        stepQueued = false;
        if (filled || getSkinnable() == null) {
            return;
        }
        int shownBefore = steps.shown();
        long cost = stepStarted ? cpuNow() - stepStartedAt : 0;
        stepStarted = false;
        steps.next(cost, getSkinnable().getItems() == null ? 0 : getSkinnable().getItems().size(), fit);
        if (steps.shown() != shownBefore) {
            markItemCountDirty();
        }
        getSkinnable().requestLayout();
    }

    private void finish() {
        filled = true;
        markItemCountDirty();
    }

    private static long cpuNow() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
