package dev.twinops.console.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** How a table's first screenful is made and filled step by step, within a budget of FX CPU a step. */
class RowStepsTest {

    private static final long MS = 1_000_000L;
    private static final int FIT = 24;

    /** Budget 15 ms, at most 8 rows a step, first guesses 20 ms to make a row and 10 ms to fill one. */
    private final RowSteps steps = new RowSteps(15 * MS, 8, 20 * MS, 10 * MS);

    @Test
    void rowsDearerThanTheBudgetAreMadeOneAStep() {
        List<Integer> made = new ArrayList<>();
        steps.next(0, 0, FIT);
        made.add(steps.made());
        for (int i = 0; i < 4; i++) {
            steps.next(40 * MS, 0, FIT); // each row cost 40 ms: a cold JVM
            made.add(steps.made());
        }

        assertThat(made).containsExactly(1, 2, 3, 4, 5);
        assertThat(steps.shown()).isZero();
    }

    @Test
    void cheapRowsLetTheStepsGrowButNoFasterThanTwiceAStepAndNeverPastTheMost() {
        List<Integer> sizes = new ArrayList<>();
        steps.next(0, 0, 200);
        int before = steps.made();
        for (int i = 0; i < 8; i++) {
            steps.next(MS / 10, 0, 200); // far cheaper than guessed
            sizes.add(steps.made() - before);
            before = steps.made();
        }

        assertThat(sizes).containsExactly(1, 2, 4, 8, 8, 8, 8, 8);
    }

    @Test
    void aDearStepShrinksTheNextOneAtOnce() {
        steps.next(0, 0, 200);
        for (int i = 0; i < 6; i++) {
            steps.next(MS / 10, 0, 200);
        }
        int before = steps.made();
        steps.next(400 * MS, 0, 200); // the last 8 rows took 400 ms: the machine is busy

        assertThat(steps.made() - before).isEqualTo(1);
    }

    @Test
    void madeRowsAreFilledFirstAndOneMadeRowStaysEmpty() {
        steps.next(0, 0, FIT);
        for (int i = 0; i < 5; i++) {
            steps.next(10 * MS, 0, FIT); // rows made behind the placeholder while the query is out
        }
        int made = steps.made();

        steps.next(2 * MS, 100, FIT);

        assertThat(steps.shown()).isPositive().isLessThanOrEqualTo(made - 1);
        for (int i = 0; i < 20; i++) {
            steps.next(5 * MS, 100, FIT);
            assertThat(steps.shown()).isLessThan(steps.made());
        }
        assertThat(steps.done(100, FIT)).isTrue();
        assertThat(steps.made()).isEqualTo(FIT);
        assertThat(steps.shown()).isEqualTo(FIT - 1);
    }

    @Test
    void aStepKeepsItsRowsWithinTheBudgetOnceTheEstimatesAreRight() {
        // making a row costs 4 ms and filling one 1 ms, and the steps are told so
        steps.next(0, 0, FIT);
        int lastMade = steps.made();
        int lastShown = steps.shown();
        for (int i = 0; i < 30 && !steps.done(500, FIT); i++) {
            long cost = (steps.made() - lastMade) * 4 * MS + (steps.shown() - lastShown) * MS;
            lastMade = steps.made();
            lastShown = steps.shown();
            steps.next(cost, i < 3 ? 0 : 500, FIT);
            long planned = (steps.made() - lastMade) * 4 * MS + (steps.shown() - lastShown) * MS;
            assertThat(planned).isLessThanOrEqualTo(30 * MS);
        }
        assertThat(steps.done(500, FIT)).isTrue();
    }

    @Test
    void aFewItemsAreDoneOnceTheyAreShownAndTheScreenIsMade() {
        steps.next(0, 0, 10);
        while (steps.made() < 10) {
            steps.next(MS, 0, 10);
        }
        assertThat(steps.done(0, 10)).isTrue(); // nothing to show yet

        steps.next(MS, 3, 10);
        while (!steps.done(3, 10)) {
            steps.next(MS, 3, 10);
        }
        assertThat(steps.shown()).isEqualTo(3);
    }

    @Test
    void theFirstItemShowsAtOnceWithARowMadeForItAndTheSpareOne() {
        steps.showFirst();
        assertThat(steps.made()).isEqualTo(2);
        assertThat(steps.shown()).isEqualTo(1);

        RowSteps ready = new RowSteps(15 * MS, 8, 20 * MS, 10 * MS);
        ready.next(0, 0, FIT);
        for (int i = 0; i < 4; i++) {
            ready.next(MS, 0, FIT);
        }
        int made = ready.made();
        ready.showFirst();
        assertThat(ready.made()).isEqualTo(made);
        assertThat(ready.shown()).isEqualTo(1);
    }

    @Test
    void theFirstFillIsOneRowHoweverCheapTheEmptyRowsWere() {
        steps.next(0, 0, FIT);
        for (int i = 0; i < 6; i++) {
            steps.next(MS / 2, 0, FIT); // empty rows made behind the placeholder, warm and cheap
        }

        steps.next(MS / 2, 500, FIT);

        assertThat(steps.shown()).isEqualTo(1);
    }

    @Test
    void whatAFillCostsIsLearntFromFillsNotFromMakingRows() {
        steps.next(0, 0, FIT);
        for (int i = 0; i < 6; i++) {
            steps.next(MS / 2, 0, FIT);
        }
        steps.next(MS / 2, 500, FIT); // shows the first row
        int shown = steps.shown();

        steps.next(40 * MS, 500, FIT); // that first fill cost 40 ms: a cold JVM

        assertThat(steps.shown() - shown).isEqualTo(1);
        for (int i = 0; i < 8; i++) {
            steps.next(MS / 2, 500, FIT); // fills got cheap
        }
        assertThat(steps.shown()).isGreaterThan(shown + 9);
    }

    @Test
    void rowsWhoseItemsChangedAreShownAgainNoMoreThanAStepAtATime() {
        steps.next(0, 0, FIT);
        while (steps.made() < FIT) {
            steps.next(MS / 2, 0, FIT); // the rows made behind the placeholder
        }
        int before = steps.shown();
        steps.next(MS / 2, 500, FIT); // the first fill
        for (int i = 0; i < 6; i++) {
            long cost = (steps.shown() - before) * 12 * MS; // a fill costs 12 ms
            before = steps.shown();
            steps.next(cost, 500, FIT);
        }
        assertThat(steps.shown()).isGreaterThan(3);

        steps.refill(); // rows that sort before the shown ones arrived: each shown row is filled anew

        assertThat(steps.shown()).isEqualTo(2); // two 12 ms refills fit twice a 15 ms step
        steps.next(24 * MS, 500, FIT);
        assertThat(steps.shown()).isEqualTo(3);
    }

    @Test
    void aRefillOfFewerRowsThanAStepAffordsKeepsThemAll() {
        steps.next(0, 0, FIT);
        for (int i = 0; i < 10; i++) {
            steps.next(MS, 0, FIT);
        }
        steps.next(MS, 500, FIT);
        for (int i = 0; i < 6; i++) {
            steps.next(MS, 500, FIT);
        }
        int shown = steps.shown();

        steps.refill();

        assertThat(steps.shown()).isEqualTo(Math.min(shown, 8));
    }

    /** A table whose rows cost 1.5 ms to make and 5 ms to fill, laid out step by step as planned. */
    private final class Table {
        int made;
        int shown;

        /** Lays out what the steps planned and plans the next step with what that cost. */
        void layOutAndPlan(int items, int fit) {
            long cost = (long) ((steps.made() - made) * 1.5 * MS + (steps.shown() - shown) * 5 * MS);
            steps.laidOut();
            made = steps.made();
            shown = steps.shown();
            steps.next(cost, items, fit);
        }
    }

    /** Twelve rows made and eleven shown at the table's true costs; the next plan makes rows for a taller table. */
    private Table twelveRowsShownThenATallerTable() {
        Table table = new Table();
        steps.next(0, 0, 12);
        for (int i = 0; i < 40; i++) {
            table.layOutAndPlan(i < 20 ? 0 : 500, 12);
        }
        assertThat(steps.made()).isEqualTo(12);
        assertThat(steps.shown()).isEqualTo(11);
        table.layOutAndPlan(500, 24);
        assertThat(steps.made()).isGreaterThan(12); // new rows planned, nothing left to fill
        assertThat(steps.shown()).isEqualTo(11);
        return table;
    }

    @Test
    void aRefillBeforeAPlannedStepKeepsItsRowsAndThePlannedNewRowsWithinTwiceTheBudget() {
        twelveRowsShownThenATallerTable();
        int newRows = steps.made() - 12;

        steps.refill(); // a drain lands before the layout that makes the planned rows

        double layout = newRows * 1.5 + steps.shown() * 5.0; // ms, at the table's true costs
        assertThat(steps.shown()).isPositive();
        assertThat(layout).isLessThanOrEqualTo(30.0);
    }

    @Test
    void aRefillAfterALayoutLeavesTheNextStepOnlyWhatIsLeftOfTheBudget() {
        Table table = twelveRowsShownThenATallerTable();
        table.layOutAndPlan(500, 24); // the planned rows are made
        table.layOutAndPlan(500, 24);
        steps.laidOut();
        int madeBefore = steps.made();

        steps.refill(); // a drain lands after the layout, before the next step is planned
        int refilled = steps.shown();
        table.shown = 0; // the refilled rows are filled again in the next layout
        table.made = madeBefore;
        steps.next((long) (30 * MS), 500, 24);

        double layout = (steps.made() - madeBefore) * 1.5 + steps.shown() * 5.0; // refills and the new plan
        assertThat(refilled).isPositive();
        // twice the budget, give or take the one row a step may always make (the estimates are not exact); a full
        // step's budget on top of the refill would be 45 ms
        assertThat(layout).isLessThanOrEqualTo(30.0 + 1.5);
    }
}
