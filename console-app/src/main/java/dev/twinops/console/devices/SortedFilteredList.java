package dev.twinops.console.devices;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.TransformationList;

/**
 * The rows of a list that pass a filter, in the order of a comparator (in order of arrival without one): what a
 * {@code FilteredList} under a {@code SortedList} shows, for a list that grows by thousands of rows at a time.
 * JavaFX's {@code SortedList} inserts added rows one by one, each insert walking its whole index (O(n) per row):
 * loading 100,000 rows costs the FX thread O(n²), seconds at a time per page late in the load. Here a batch of k
 * added rows is sorted and each finds its place by binary search (k log n comparisons, block copies between); rows
 * changed in place are re-sorted with a
 * sort that is linear on an almost sorted array, and reported as a permutation plus updates, so the table keeps
 * its selection. Rows are told apart by identity. The source's own positions do not matter, except that rows
 * added to it later come later when there is no comparator.
 *
 * @param <E> the row type
 */
public final class SortedFilteredList<E> extends TransformationList<E, E> {

    /** A row with its arrival number (the order without a comparator, and the tie-break with one). */
    private static final class Element<E> {
        final E row;
        final long arrival;
        boolean shown;
        /** Position among the shown rows, valid right after a sort. */
        int index;

        Element(E row, long arrival) {
            this.row = row;
            this.arrival = arrival;
        }
    }

    private final Map<E, Element<E>> elements = new IdentityHashMap<>();
    private final ObjectProperty<Comparator<? super E>> comparator = new SimpleObjectProperty<>(this, "comparator") {
        @Override
        protected void invalidated() {
            resort();
        }
    };
    private final ObjectProperty<Predicate<? super E>> predicate = new SimpleObjectProperty<>(this, "predicate") {
        @Override
        protected void invalidated() {
            refilter();
        }
    };
    @SuppressWarnings("unchecked")
    private Element<E>[] shown = new Element[16];
    private int size;
    private long arrivals;
    private Comparator<Element<E>> order = arrivalOrder();

    public SortedFilteredList(ObservableList<E> source) {
        super(source);
        for (E row : source) {
            elements.put(row, new Element<>(row, arrivals++));
        }
        refilter();
    }

    /** The order shown; null: order of arrival. Bind it to the table's comparator. */
    public ObjectProperty<Comparator<? super E>> comparatorProperty() {
        return comparator;
    }

    /** Which rows are shown; null: all. */
    public ObjectProperty<Predicate<? super E>> predicateProperty() {
        return predicate;
    }

    public void setPredicate(Predicate<? super E> rowsShown) {
        predicate.set(rowsShown);
    }

    @Override
    public E get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return shown[index].row;
    }

    @Override
    public int size() {
        return size;
    }

    /** Linear: the source's positions are not tracked (nothing in the console asks for them). */
    @Override
    public int getSourceIndex(int index) {
        E row = get(index);
        List<? extends E> source = getSource();
        for (int i = 0; i < source.size(); i++) {
            if (source.get(i) == row) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int getViewIndex(int index) {
        Element<E> element = elements.get(getSource().get(index));
        if (element == null || !element.shown) {
            return -1;
        }
        for (int i = 0; i < size; i++) {
            if (shown[i] == element) {
                return i;
            }
        }
        return -1;
    }

    @Override
    protected void sourceChanged(ListChangeListener.Change<? extends E> c) {
        List<E> removed = new ArrayList<>();
        List<E> added = new ArrayList<>();
        List<E> updated = new ArrayList<>();
        while (c.next()) {
            if (c.wasPermutated()) {
                continue; // the order shown does not follow the source's positions
            }
            if (c.wasUpdated()) {
                for (int i = c.getFrom(); i < c.getTo(); i++) {
                    updated.add(c.getList().get(i));
                }
                continue;
            }
            removed.addAll(c.getRemoved());
            added.addAll(c.getAddedSubList());
        }
        // a row removed and added back in the same change (a set) stays what it was
        Set<E> readded = Collections.newSetFromMap(new IdentityHashMap<>());
        readded.addAll(added);
        removed.removeIf(readded::contains);
        added.removeIf(elements::containsKey);
        removeRows(removed);
        updateRows(updated);
        addRows(added);
    }

    private void removeRows(List<E> removed) {
        if (removed.isEmpty()) {
            return;
        }
        for (E row : removed) {
            Element<E> element = elements.remove(row);
            if (element != null) {
                element.shown = false;
            }
        }
        compactDropping(e -> !elements.containsKey(e.row));
    }

    /** Rows changed in place: the filter and the order are asked again for them (and only them). */
    private void updateRows(List<E> updated) {
        if (updated.isEmpty()) {
            return;
        }
        Predicate<? super E> filter = predicate.get();
        List<Element<E>> appearing = new ArrayList<>();
        List<Element<E>> stillShown = new ArrayList<>();
        boolean disappearing = false;
        for (E row : updated) {
            Element<E> element = elements.get(row);
            if (element == null) {
                continue;
            }
            boolean passes = filter == null || filter.test(row);
            if (element.shown && !passes) {
                element.shown = false;
                disappearing = true;
            } else if (!element.shown && passes) {
                appearing.add(element);
            } else if (passes) {
                stillShown.add(element);
            }
        }
        if (disappearing) {
            compactDropping(e -> !e.shown);
        }
        if (!stillShown.isEmpty()) {
            // TimSort: about n comparisons when only a few rows moved
            int[] permutation = sortShown();
            beginChange();
            if (permutation != null) {
                nextPermutation(0, size, permutation);
            }
            for (Element<E> element : stillShown) {
                nextUpdate(element.index);
            }
            endChange();
        }
        merge(appearing);
    }

    private void addRows(List<E> added) {
        if (added.isEmpty()) {
            return;
        }
        Predicate<? super E> filter = predicate.get();
        List<Element<E>> passing = new ArrayList<>();
        for (E row : added) {
            Element<E> element = new Element<>(row, arrivals++);
            elements.put(row, element);
            if (filter == null || filter.test(row)) {
                passing.add(element);
            }
        }
        merge(passing);
    }

    /**
     * Sorts the newly shown rows and merges them in, and reports them in one change. Each new row's place is found by
     * binary search from the previous one's (k log n comparisons: a table's comparator reads cell values, about a
     * microsecond a comparison, so walking all n rows per page cost the FX thread 0.1 s a page at 100,000 rows); the
     * rows between are block copies.
     */
    @SuppressWarnings("unchecked")
    private void merge(List<Element<E>> newlyShown) {
        if (newlyShown.isEmpty()) {
            return;
        }
        newlyShown.sort(order);
        Element<E>[] merged = new Element[Math.max(16, size + newlyShown.size())];
        int[] addedAt = new int[newlyShown.size()];
        int from = 0;
        int k = 0;
        for (int j = 0; j < newlyShown.size(); j++) {
            Element<E> element = newlyShown.get(j);
            int at = insertionPoint(element, from);
            System.arraycopy(shown, from, merged, k, at - from);
            k += at - from;
            from = at;
            element.shown = true;
            addedAt[j] = k;
            merged[k++] = element;
        }
        System.arraycopy(shown, from, merged, k, size - from);
        k += size - from;
        shown = merged;
        size = k;
        beginChange();
        // neighbouring positions as one range: a page appended in order is one change for the table, not 1,000
        for (int j = 0; j < addedAt.length; ) {
            int end = j + 1;
            while (end < addedAt.length && addedAt[end] == addedAt[end - 1] + 1) {
                end++;
            }
            nextAdd(addedAt[j], addedAt[end - 1] + 1);
            j = end;
        }
        endChange();
    }

    /** The first shown position at or after {@code from} whose row comes after {@code element}. */
    private int insertionPoint(Element<E> element, int from) {
        // Rows often arrive in the order shown (a hub lists twins in registration order, the table sorts by id):
        // one comparison with the last row places them, where a binary search takes log n.
        if (from == size || order.compare(shown[size - 1], element) <= 0) {
            return size;
        }
        int low = from;
        int high = size;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (order.compare(shown[middle], element) <= 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** Drops the shown rows that match, in one pass, reporting each removal. */
    private void compactDropping(Predicate<Element<E>> dropped) {
        beginChange();
        int kept = 0;
        for (int i = 0; i < size; i++) {
            Element<E> element = shown[i];
            if (dropped.test(element)) {
                nextRemove(kept, element.row);
            } else {
                shown[kept++] = element;
            }
        }
        Arrays.fill(shown, kept, size, null);
        size = kept;
        endChange();
    }

    private void resort() {
        Comparator<? super E> rows = comparator.get();
        order = rows == null ? arrivalOrder() : Comparator.<Element<E>, E>comparing(e -> e.row, rows).thenComparing(arrivalOrder());
        if (size < 2) {
            return;
        }
        int[] permutation = sortShown();
        if (permutation != null) {
            beginChange();
            nextPermutation(0, size, permutation);
            endChange();
        }
    }

    /** Sorts the shown rows; returns old position -> new position, or null when nothing moved. */
    private int[] sortShown() {
        Element<E>[] before = Arrays.copyOf(shown, size);
        Arrays.sort(shown, 0, size, order);
        for (int i = 0; i < size; i++) {
            shown[i].index = i;
        }
        int[] permutation = new int[size];
        boolean moved = false;
        for (int i = 0; i < size; i++) {
            permutation[i] = before[i].index;
            moved |= permutation[i] != i;
        }
        return moved ? permutation : null;
    }

    @SuppressWarnings("unchecked")
    private void refilter() {
        List<E> before = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            before.add(shown[i].row);
        }
        Predicate<? super E> filter = predicate.get();
        List<Element<E>> passing = new ArrayList<>();
        for (E row : getSource()) {
            Element<E> element = elements.get(row);
            element.shown = filter == null || filter.test(row);
            if (element.shown) {
                passing.add(element);
            }
        }
        passing.sort(order);
        shown = passing.toArray(new Element[Math.max(16, passing.size())]);
        size = passing.size();
        if (!before.isEmpty() || size > 0) {
            beginChange();
            if (!before.isEmpty()) {
                nextRemove(0, before);
            }
            if (size > 0) {
                nextAdd(0, size);
            }
            endChange();
        }
    }

    private static <E> Comparator<Element<E>> arrivalOrder() {
        return Comparator.comparingLong(e -> e.arrival);
    }
}
