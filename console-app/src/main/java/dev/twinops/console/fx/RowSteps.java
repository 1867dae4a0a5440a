package dev.twinops.console.fx;

/**
 * Plans the steps in which a {@link GradualTableSkin} makes and fills its first screenful of rows: how many rows the
 * flow's area holds (made) and how many of them show items (shown), step by step, so that a step's rows cost the FX
 * thread about a budget. What a row costs comes from what the steps cost: each step's CPU time corrects the
 * estimates for a made and a filled row by the same factor. An estimate rises as fast as a step shows it should and
 * falls by at most half a step, so one cheap step does not make the next one too big.
 */
final class RowSteps {

    private final double budget;
    private final int maxStep;
    /** Estimated FX CPU (ns) to make one row (row, cells, skins, CSS) and to fill one with an item. */
    private double makeCost;
    private double fillCost;
    private int made;
    private int shown;
    private int lastMade;
    private int lastFilled;

    /**
     * @param budgetNanos FX CPU a step may spend on its rows
     * @param maxStep     most rows a step makes, and most it fills
     * @param makeNanos   first estimate for making a row, {@code fillNanos} for filling one: on the high side
     */
    RowSteps(long budgetNanos, int maxStep, long makeNanos, long fillNanos) {
        this.budget = budgetNanos;
        this.maxStep = maxStep;
        this.makeCost = makeNanos;
        this.fillCost = fillNanos;
    }

    /** Rows the area holds. */
    int made() {
        return made;
    }

    /** Rows that show an item: always fewer than made, so the area holds every item the flow is told about. */
    int shown() {
        return shown;
    }

    /** Whether every row that fits ({@code fit}) is made and every one that can show an item does. */
    boolean done(int items, int fit) {
        return made >= fit && shown >= Math.min(items, fit - 1);
    }

    /**
     * Shows the first item now, within the current step, making a row for it (and the spare one) if need be: the
     * flow shows its placeholder until it is told of an item, which would read as if there were none.
     */
    void showFirst() {
        if (shown > 0) {
            return;
        }
        int newMade = Math.max(made, 2);
        lastMade += newMade - made;
        lastFilled += 1;
        made = newMade;
        shown = 1;
    }

    /**
     * Plans the next step after one that cost {@code cpuNanos} (0 for the first step): fills what made rows can show
     * ({@code items} of them wait), then makes rows up to {@code fit} with what is left of the budget; at least one
     * row either way while anything is left to do.
     */
    void next(long cpuNanos, int items, int fit) {
        double predicted = lastMade * makeCost + lastFilled * fillCost;
        if (predicted > 0 && cpuNanos > 0) {
            double factor = Math.max(0.5, cpuNanos / predicted);
            makeCost *= factor;
            fillCost *= factor;
        }
        double left = budget;
        int fillable = Math.max(0, Math.min(items, made - 1) - shown);
        int fill = (int) Math.min(Math.min(fillable, maxStep), Math.floor(left / fillCost));
        left -= fill * fillCost;
        int makeable = Math.max(0, fit - made);
        int make = (int) Math.min(Math.min(makeable, maxStep), Math.floor(left / makeCost));
        // At least one row a step either way: a row dearer than the budget is made alone, or with the rows filled
        // in the same step if both stay within twice the budget.
        if (fill == 0 && fillable > 0) {
            fill = 1;
        }
        if (make == 0 && makeable > 0 && (fill == 0 || fill * fillCost + makeCost <= 2 * budget)) {
            make = 1;
        }
        shown += fill;
        made += make;
        lastFilled = fill;
        lastMade = make;
    }
}
