package dev.twinops.console.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * A table whose first screenful of rows is made and filled a step a pulse: what an operator sees while it fills and
 * once it has, and that no pulse makes or fills more than a step of rows.
 */
class GradualTableSkinTest {

    private static final Duration UI = Duration.ofSeconds(20);
    /** Rows of 24 px under a header of about 25 px in a 520 px high table: about 21 fit. */
    private static final double HEIGHT = 520;
    private static final double ROW = 24;

    private final ObservableList<String> items = FXCollections.observableArrayList();
    private TableView<String> table;
    private GradualTableSkin<String> skin;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void rowsAreMadeBehindThePlaceholderWhileThereAreNoItemsYet() throws Exception {
        show(true);

        await().atMost(UI).until(() -> onFx(() -> shownRows().size() >= fit()));
        assertThat(onFx(() -> table.lookup(".placeholder").isVisible())).isTrue();
        assertThat(onFx(() -> shownRows().stream().allMatch(IndexedCell::isEmpty))).isTrue();
        assertThat(skin.isFilled()).isFalse();
    }

    @Test
    void onceFilledTheTableShowsItsItemsInOrderWithEveryColumnAndScrollsAsAnyTable() throws Exception {
        show(true);
        onFx(() -> items.setAll(devices(500)));

        await().atMost(UI).until(skin::isFilled);
        WaitForAsyncUtils.waitForFxEvents();
        List<List<String>> shown = onFx(this::shownTexts);
        assertThat(shown).hasSizeGreaterThanOrEqualTo(fit() - 1);
        for (int i = 0; i < shown.size(); i++) {
            String id = String.format("device-%03d", i);
            assertThat(shown.get(i)).containsExactly(id, String.valueOf(id.length()), id.toUpperCase());
        }
        assertThat(onFx(() -> verticalBar().isVisible())).isTrue();

        onFx(() -> {
            table.scrollTo(450);
            return null;
        });
        await().atMost(UI).until(() -> onFx(() -> shownTexts().stream().anyMatch(r -> r.get(0).equals("device-450"))));
    }

    @Test
    void noPulseMakesOrFillsMoreThanAStepOfRows() throws Exception {
        List<int[]> afterEachPulse = new ArrayList<>();
        show(true);
        onFx(() -> {
            table.getScene().addPostLayoutPulseListener(() -> afterEachPulse.add(new int[] {shownRows().size(),
                    (int) shownRows().stream().filter(r -> !r.isEmpty()).count()}));
            items.setAll(devices(500));
            return null;
        });

        await().atMost(UI).until(skin::isFilled);
        WaitForAsyncUtils.waitForFxEvents();
        List<int[]> pulses = onFx(() -> List.copyOf(afterEachPulse));
        int growingPulses = 0;
        for (int i = 1; i < pulses.size(); i++) {
            int made = pulses.get(i)[0] - pulses.get(i - 1)[0];
            int filled = pulses.get(i)[1] - pulses.get(i - 1)[1];
            // the first items show with a row made for them and a spare one
            assertThat(made).isLessThanOrEqualTo(GradualTableSkin.MAX_STEP + 1);
            assertThat(filled).isLessThanOrEqualTo(GradualTableSkin.MAX_STEP + 1);
            if (filled > 0) {
                growingPulses++;
            }
        }
        assertThat(pulses.get(pulses.size() - 1)[1]).isGreaterThanOrEqualTo(fit() - 1);
        assertThat(growingPulses).isGreaterThanOrEqualTo(2);
    }

    @Test
    void itemsThatSortBeforeTheShownRowsWhileItFillsAreShownAgainInStepsAndInOrder() throws Exception {
        List<Integer> filledAfterEachPulse = new ArrayList<>();
        boolean[] inserted = {false};
        show(true);
        onFx(() -> {
            items.setAll(IntStream.range(100, 600).mapToObj(i -> String.format("device-%03d", i)).toList());
            table.getScene().addPostLayoutPulseListener(() -> {
                int filled = (int) shownRows().stream().filter(r -> !r.isEmpty()).count();
                if (inserted[0]) {
                    filledAfterEachPulse.add(filled);
                } else if (filled >= 3 && !skin.isFilled()) {
                    // the list's next page: every shown row now shows another item
                    inserted[0] = true;
                    items.addAll(0, devices(100));
                }
            });
            return null;
        });

        await().atMost(UI).until(skin::isFilled);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(inserted[0]).isTrue();
        // the pulse after the change refilled at most a step of rows, not every shown one
        assertThat(onFx(() -> filledAfterEachPulse.get(0))).isLessThanOrEqualTo(GradualTableSkin.MAX_STEP);
        List<List<String>> shown = onFx(this::shownTexts);
        assertThat(shown).hasSizeGreaterThanOrEqualTo(fit() - 1);
        for (int i = 0; i < shown.size(); i++) {
            assertThat(shown.get(i).get(0)).isEqualTo(String.format("device-%03d", i));
        }
    }

    @Test
    void aClickWhileShownRowsAreRefilledShowsTheWholeTableAtOnce() throws Exception {
        show(true);
        onFx(() -> {
            items.setAll(IntStream.range(100, 600).mapToObj(i -> String.format("device-%03d", i)).toList());
            table.getScene().addPostLayoutPulseListener(new Runnable() {
                private boolean done;

                @Override
                public void run() {
                    if (!done && shownRows().stream().filter(r -> !r.isEmpty()).count() >= 3 && !skin.isFilled()) {
                        done = true;
                        items.addAll(0, devices(100));
                        table.fireEvent(new javafx.scene.input.MouseEvent(javafx.scene.input.MouseEvent.MOUSE_PRESSED,
                                10, 60, 10, 60, javafx.scene.input.MouseButton.PRIMARY, 1, false, false, false, false,
                                true, false, false, true, false, false, null));
                    }
                }
            });
            return null;
        });

        await().atMost(UI).until(skin::isFilled);
        WaitForAsyncUtils.waitForFxEvents();
        List<List<String>> shown = onFx(this::shownTexts);
        assertThat(shown).hasSizeGreaterThanOrEqualTo(fit() - 1);
        assertThat(shown.get(0).get(0)).isEqualTo("device-000");
    }

    @Test
    void aScrollToARowWhileTheTableFillsShowsTheWholeTableAtOnce() throws Exception {
        show(true);
        onFx(() -> {
            items.setAll(devices(500));
            table.scrollTo(300);
            return null;
        });

        assertThat(skin.isFilled()).isTrue();
        await().atMost(UI).until(() -> onFx(() -> shownTexts().stream().anyMatch(r -> r.get(0).equals("device-300"))));
    }

    @Test
    void aFewItemsAreAllShownWithoutAScrollBar() throws Exception {
        show(true);
        onFx(() -> items.setAll(devices(5)));

        await().atMost(UI).until(skin::isFilled);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> shownTexts().stream().map(r -> r.get(0)).toList()))
                .containsExactly("device-000", "device-001", "device-002", "device-003", "device-004");
        assertThat(onFx(() -> verticalBar().isVisible())).isFalse();
    }

    @Test
    void withoutAFixedCellSizeItLaysOutAsAnyTable() throws Exception {
        show(false);
        onFx(() -> items.setAll(devices(500)));

        // (row heights come from whichever theme the JVM has: count a few rows, not a screenful)
        await().atMost(UI).until(() -> onFx(() -> shownTexts().size() >= 5));
        assertThat(skin.isFilled()).isTrue();
        assertThat(onFx(() -> shownTexts().get(0).get(0))).isEqualTo("device-000");
    }

    private void show(boolean fixedCellSize) throws Exception {
        onFx(() -> {
            table = new TableView<>(items);
            table.getColumns().add(column("Device", id -> id));
            table.getColumns().add(column("Length", id -> String.valueOf(id.length())));
            table.getColumns().add(column("Upper", String::toUpperCase));
            if (fixedCellSize) {
                table.setFixedCellSize(ROW);
            }
            table.setPlaceholder(new Label("Loading devices…"));
            skin = new GradualTableSkin<>(table);
            table.setSkin(skin);
            Stage stage = new Stage();
            stage.setScene(new Scene(table, 400, HEIGHT));
            stage.show();
            return null;
        });
    }

    private static TableColumn<String, String> column(String title, java.util.function.UnaryOperator<String> value) {
        TableColumn<String, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        column.setPrefWidth(120);
        return column;
    }

    private static List<String> devices(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("device-%03d", i)).toList();
    }

    /** Rows in the flow's area, in order from the top (the flow hides the rows it keeps for later). */
    private List<TableRow<?>> shownRows() {
        List<TableRow<?>> rows = new ArrayList<>();
        for (Node n : table.lookupAll(".table-row-cell")) {
            if (n instanceof TableRow<?> row && row.isVisible() && row.getIndex() >= 0) {
                rows.add(row);
            }
        }
        rows.sort((a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
        return rows;
    }

    /** The texts of each row that shows an item, column by column, from the top. */
    private List<List<String>> shownTexts() {
        List<List<String>> texts = new ArrayList<>();
        for (TableRow<?> row : shownRows()) {
            if (!row.isEmpty()) {
                texts.add(row.getChildrenUnmodifiable().stream().filter(n -> n instanceof IndexedCell<?>)
                        .map(n -> ((IndexedCell<?>) n).getText()).toList());
            }
        }
        return texts;
    }

    private int fit() {
        return (int) Math.ceil((HEIGHT - 25) / ROW) - 1;
    }

    private ScrollBar verticalBar() {
        return table.lookupAll(".scroll-bar").stream().filter(n -> n instanceof ScrollBar b
                && b.getOrientation() == Orientation.VERTICAL).map(ScrollBar.class::cast).findFirst().orElseThrow();
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get();
    }
}
