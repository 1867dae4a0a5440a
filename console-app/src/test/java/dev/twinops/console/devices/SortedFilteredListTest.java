package dev.twinops.console.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import javafx.collections.ListChangeListener;

class SortedFilteredListTest {

    private static final Comparator<DeviceRow> BY_FIRMWARE_THEN_ID = Comparator
            .comparing((DeviceRow r) -> r.firmwareVersionProperty().get()).thenComparing(DeviceRow::deviceId);

    private final DeviceRowList source = new DeviceRowList();
    private final SortedFilteredList<DeviceRow> shown = new SortedFilteredList<>(source);
    /** What a table sees: the list rebuilt from the change events alone. */
    private final List<DeviceRow> mirror = new ArrayList<>();
    private int events;

    SortedFilteredListTest() {
        shown.addListener((ListChangeListener<DeviceRow>) this::replay);
    }

    @Test
    void showsRowsInArrivalOrderWithoutComparatorAndSortedWithOne() {
        source.addAll(List.of(row("c", "2.0"), row("a", "1.0"), row("b", "3.0")));
        assertThat(ids()).containsExactly("c", "a", "b");

        shown.comparatorProperty().set(Comparator.comparing(DeviceRow::deviceId));
        assertThat(ids()).containsExactly("a", "b", "c");
        assertThat(mirror).containsExactlyElementsOf(shown);

        shown.comparatorProperty().set(null);
        assertThat(ids()).containsExactly("c", "a", "b");
    }

    @Test
    void aPageOfRowsIsMergedInOneChange() {
        shown.comparatorProperty().set(Comparator.comparing(DeviceRow::deviceId));
        source.addAll(List.of(row("d", "1"), row("b", "1")));
        int before = events;
        source.addAll(List.of(row("e", "1"), row("a", "1"), row("c", "1")));
        assertThat(events - before).isEqualTo(1);
        assertThat(ids()).containsExactly("a", "b", "c", "d", "e");
        assertThat(mirror).containsExactlyElementsOf(shown);
    }

    @Test
    void aPageArrivingInTheOrderShownIsAppendedAsOneRange() {
        shown.comparatorProperty().set(Comparator.comparing(DeviceRow::deviceId));
        source.addAll(List.of(row("b", "1"), row("a", "1")));
        List<int[]> ranges = new ArrayList<>();
        shown.addListener((ListChangeListener<DeviceRow>) c -> {
            while (c.next()) {
                ranges.add(new int[] {c.getFrom(), c.getTo()});
            }
        });
        source.addAll(List.of(row("c", "1"), row("d", "1"), row("e", "1")));
        assertThat(ranges).singleElement().satisfies(r -> assertThat(r).containsExactly(2, 5));
        ranges.clear();
        // out of order: each row in its place, neighbours reported together
        source.addAll(List.of(row("ab", "1"), row("f", "1"), row("aa", "1")));
        assertThat(ids()).containsExactly("a", "aa", "ab", "b", "c", "d", "e", "f");
        assertThat(ranges).extracting(r -> r[0] + "-" + r[1]).containsExactly("1-3", "7-8");
        assertThat(mirror).containsExactlyElementsOf(shown);
    }

    @Test
    void aRowChangedInPlaceMovesAsAPermutationAndKeepsItsIdentity() {
        DeviceRow a = row("a", "1.0");
        DeviceRow b = row("b", "2.0");
        source.addAll(List.of(a, b));
        shown.comparatorProperty().set(BY_FIRMWARE_THEN_ID);
        List<Boolean> permutations = new ArrayList<>();
        shown.addListener((ListChangeListener<DeviceRow>) c -> {
            while (c.next()) {
                permutations.add(c.wasPermutated());
                assertThat(c.wasAdded() || c.wasRemoved()).isFalse();
            }
        });

        a.apply(new DeviceSnapshot("a", "", "", "3.0", null, ""));
        source.updated(List.of(a));

        assertThat(ids()).containsExactly("b", "a");
        assertThat(permutations).contains(true);
        assertThat(shown.get(1)).isSameAs(a);
    }

    @Test
    void theFilterAppliesToNewChangedAndExistingRows() {
        DeviceRow a = row("a", "1.0");
        source.addAll(List.of(a, row("b", "2.0")));
        shown.setPredicate(r -> r.firmwareVersionProperty().get().startsWith("2"));
        assertThat(ids()).containsExactly("b");

        source.add(row("c", "2.1"));
        a.apply(new DeviceSnapshot("a", "", "", "2.5", null, ""));
        source.updated(List.of(a));
        assertThat(ids()).containsExactlyInAnyOrder("a", "b", "c");

        shown.setPredicate(null);
        assertThat(shown).hasSize(3);
        assertThat(mirror).containsExactlyElementsOf(shown);
    }

    /**
     * Random adds, removals, in-place changes, filters and orders: always the source's rows filtered and stably sorted.
     * (Not compared with FilteredList under SortedList: that pair misorders rows when an in-place change also changes
     * which rows pass the filter, which this list does not.)
     */
    @Test
    @SuppressWarnings("unchecked")
    void agreesWithFilteringAndSortingTheSourceOverRandomChanges() {
        Predicate<DeviceRow>[] filter = new Predicate[] {null};
        Comparator<DeviceRow>[] comparator = new Comparator[] {null};
        Random random = new Random(17);
        List<Comparator<DeviceRow>> orders = new ArrayList<>();
        orders.add(BY_FIRMWARE_THEN_ID);
        orders.add(Comparator.comparing(DeviceRow::deviceId).reversed());
        int next = 0;
        for (int step = 0; step < 300; step++) {
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    List<DeviceRow> page = new ArrayList<>();
                    for (int i = random.nextInt(40); i > 0; i--) {
                        page.add(row(String.format("dev-%04d", random.nextInt(10_000)) + "-" + next++,
                                "1." + random.nextInt(10)));
                    }
                    source.addAll(page);
                }
                case 2 -> {
                    List<DeviceRow> gone = source.stream().filter(r -> random.nextInt(10) == 0).toList();
                    source.removeAll(gone);
                }
                case 3 -> {
                    List<DeviceRow> changed = source.stream().filter(r -> random.nextInt(5) == 0).toList();
                    changed.forEach(r -> r.apply(new DeviceSnapshot(r.deviceId(), "", "", "1." + random.nextInt(10),
                            null, "")));
                    source.updated(changed);
                }
                case 4 -> {
                    String digit = String.valueOf(random.nextInt(10));
                    filter[0] = random.nextBoolean() ? null : r -> r.firmwareVersionProperty().get().endsWith(digit);
                    shown.setPredicate(filter[0]);
                }
                default -> {
                    comparator[0] = random.nextInt(4) == 0 ? null : orders.get(random.nextInt(orders.size()));
                    shown.comparatorProperty().set(comparator[0]);
                }
            }
            List<DeviceRow> expected = source.stream().filter(r -> filter[0] == null || filter[0].test(r))
                    .sorted(comparator[0] == null ? (x, y) -> 0 : comparator[0]).toList();
            assertThat(shown).containsExactlyElementsOf(expected);
            assertThat(mirror).containsExactlyElementsOf(shown);
        }
    }

    private void replay(ListChangeListener.Change<? extends DeviceRow> c) {
        events++;
        while (c.next()) {
            if (c.wasPermutated()) {
                List<DeviceRow> copy = new ArrayList<>(mirror);
                for (int i = c.getFrom(); i < c.getTo(); i++) {
                    mirror.set(c.getPermutation(i), copy.get(i));
                }
            } else if (!c.wasUpdated()) {
                mirror.subList(c.getFrom(), c.getFrom() + c.getRemovedSize()).clear();
                mirror.addAll(c.getFrom(), c.getAddedSubList());
            }
        }
    }

    private List<String> ids() {
        return shown.stream().map(DeviceRow::deviceId).toList();
    }

    private static DeviceRow row(String id, String firmware) {
        return DeviceRow.of(new DeviceSnapshot(id, "", "", firmware, null, ""));
    }
}
