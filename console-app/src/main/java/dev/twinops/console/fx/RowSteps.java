package dev.twinops.console.fx;

/**
 * Plans the steps in which a {@link GradualTableSkin} makes and fills its first screenful of rows: how many rows the
 * flow's area holds (made) and how many of them show items (shown), step by step, so that a step's rows cost the FX
 * thread about a budget. What a row costs comes from what the steps cost: each step's CPU time corrects the
 * estimate of what it did, making rows, filling them, or both by the same factor. An estimate rises as fast as a
 * step shows it should and falls by at most half a step, so one cheap step does not make the next one too big.
 *
 * <p>Filling is learnt from fills alone: in a JVM's first table the first filled row costs several times an empty
 * one (its text laid out and clipped, the styles of filled cells, cold code), so an estimate carried over from the
 * empty rows made behind the placeholder had the first fill show six or seven rows in one 45 - 60 ms layout.
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
    private boolean filledOnce;
    /** Whether a layout has run since the last plan ({@link #laidOut}): then the plan's rows are made and filled. */
    private boolean planLaidOut = true;
    /** Rows a refill after the last layout left to fill again in the next one, next to the next plan's rows. */
    private int refillAfterLayout;

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

    /** At most twice the rows of the last step's kind, at least one, at most a step's most. */
    private int grown(int last) {
        return Math.min(maxStep, Math.max(1, 2 * last));
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
     * The items the shown rows show have changed (rows the list added sort before them, say): the flow fills each of
     * them again in its next layout, which in a cold JVM costs about as much as filling them the first time. Shows no
     * more rows than that layout can fill within twice the budget (at least one, as a step may): the rest show again
     * in the steps that follow. Not the budget itself: while the list's pages keep sorting before the shown rows, a
     * drain every 100 ms would hold a cold table at a row or two until the load ends. The refilled rows count as
     * the fills of the step they fall in.
     */
    void refill() {
        // rows the planned step makes go into the same layout: together with the refills within twice the budget
        double room = 2 * budget - (planLaidOut ? 0 : lastMade * makeCost);
        int affordable = (int) Math.max(1, Math.min(filledOnce ? maxStep : 1, Math.floor(room / fillCost)));
        int keep = Math.min(shown, affordable);
        lastFilled = Math.max(lastFilled, keep);
        shown = keep;
        if (planLaidOut) {
            refillAfterLayout = keep;
        }
    }

    /** The table laid out what was planned (and what a refill left): the next plan starts from there. */
    void laidOut() {
        planLaidOut = true;
        refillAfterLayout = 0;
    }

    /**
     * Plans the next step after one that cost {@code cpuNanos} (0 for the first step): fills what made rows can show
     * ({@code items} of them wait), then makes rows up to {@code fit} with what is left of the budget; at least one
     * row either way while anything is left to do.
     */
    void next(long cpuNanos, int items, int fit) {
        double predicted = lastMade * makeCost + lastFilled * fillCost;
        if (lastFilled > 0 && !filledOnce && cpuNanos > 0) {
            // The first measured fill: what the step cost beyond the rows it made (at what they have been costing)
            double fills = Math.max(0, cpuNanos - lastMade * makeCost) / lastFilled;
            fillCost = Math.max(fillCost * 0.5, fills);
            filledOnce = true;
        } else if (predicted > 0 && cpuNanos > 0) {
            double factor = Math.max(0.5, cpuNanos / predicted);
            if (lastMade > 0) {
                makeCost *= factor;
            }
            if (lastFilled > 0) {
                fillCost *= factor;
                filledOnce = true;
            }
        }
        // a refill since the last layout is filled again in the next one, out of this step's budget
        int refillRows = refillAfterLayout;
        double refilled = refillRows * fillCost;
        double left = budget - refilled;
        refillAfterLayout = 0;
        planLaidOut = false;
        int fillable = Math.max(0, Math.min(items, made - 1) - shown);
        // Until a fill has been measured, one row: the first is the dearest. And no step does more than twice what
        // the last one did of the same: what a row costs where the table already shows items (styles, new cells in
        // a cold JVM) is learnt before eight are made or filled at once on an estimate from cheaper rows.
        int fill = (int) Math.max(0, Math.min(Math.min(fillable, filledOnce ? grown(lastFilled) : 1),
                Math.floor(left / fillCost)));
        left -= fill * fillCost;
        int makeable = Math.max(0, fit - made);
        int make = (int) Math.max(0, Math.min(Math.min(makeable, grown(lastMade)), Math.floor(left / makeCost)));
        // At least one row a step either way: a row dearer than the budget is made alone, or with the rows filled
        // in the same step if both stay within twice the budget; next to a refill's rows, only within twice the budget.
        if (fill == 0 && fillable > 0 && (refilled == 0 || refilled + fillCost <= 2 * budget)) {
            fill = 1;
        }
        if (make == 0 && makeable > 0 && (fill == 0 && refilled == 0 || refilled + fill * fillCost + makeCost <= 2 * budget)) {
            make = 1;
        }
        shown += fill;
        made += make;
        lastFilled = fill + refillRows;
        lastMade = make;
    }
}
