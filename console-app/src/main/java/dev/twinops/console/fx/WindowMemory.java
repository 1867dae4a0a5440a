package dev.twinops.console.fx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.twinops.console.storage.ConsolePreferences;
import dev.twinops.console.storage.PreferencesFile;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * Makes the main window open where and as the operator left it: its place and size (or, the first time, sized to the
 * screen), split pane dividers, and table columns (order, widths, which are shown). Changes go to
 * {@link PreferencesFile}, which writes them off the FX thread once they settle. FX thread only.
 */
public final class WindowMemory {

    /** The first window is this share of the screen's usable area, up to {@link #LARGEST_FIRST_WINDOW}. */
    static final double SCREEN_SHARE = 0.9;
    static final Rectangle2D LARGEST_FIRST_WINDOW = new Rectangle2D(0, 0, 1680, 1050);
    static final double SMALLEST_WIDTH = 900;
    static final double SMALLEST_HEIGHT = 560;

    private final PreferencesFile preferences;

    public WindowMemory(PreferencesFile preferences) {
        this.preferences = Objects.requireNonNull(preferences, "preferences");
    }

    /** Places and sizes {@code stage} before it shows, then follows its moves and resizes. */
    public void place(Stage stage) {
        ConsolePreferences.Window saved = preferences.current().window();
        if (saved != null && onSomeScreen(saved)) {
            stage.setX(saved.x());
            stage.setY(saved.y());
            stage.setWidth(saved.width());
            stage.setHeight(saved.height());
            stage.setMaximized(saved.maximized());
        } else {
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            double width = Math.min(screen.getWidth() * SCREEN_SHARE, LARGEST_FIRST_WINDOW.getWidth());
            double height = Math.min(screen.getHeight() * SCREEN_SHARE, LARGEST_FIRST_WINDOW.getHeight());
            stage.setWidth(width);
            stage.setHeight(height);
            stage.setX(screen.getMinX() + (screen.getWidth() - width) / 2);
            stage.setY(screen.getMinY() + (screen.getHeight() - height) / 2);
        }
        stage.setMinWidth(SMALLEST_WIDTH);
        stage.setMinHeight(SMALLEST_HEIGHT);
        InvalidationListener save = obs -> {
            if (stage.isMaximized() || stage.isIconified()) {
                // keep the normal bounds, so leaving maximized restores them next time too
                ConsolePreferences.Window last = preferences.current().window();
                if (last != null && stage.isMaximized() != last.maximized()) {
                    preferences.update(p -> p.withWindow(new ConsolePreferences.Window(last.x(), last.y(),
                            last.width(), last.height(), stage.isMaximized())));
                }
                return;
            }
            preferences.update(p -> p.withWindow(new ConsolePreferences.Window(stage.getX(), stage.getY(),
                    stage.getWidth(), stage.getHeight(), false)));
        };
        stage.xProperty().addListener(save);
        stage.yProperty().addListener(save);
        stage.widthProperty().addListener(save);
        stage.heightProperty().addListener(save);
        stage.maximizedProperty().addListener(save);
    }

    /**
     * Restores the divider positions saved under the pane's id and follows them. The positions are set after the
     * pane's first layout in its scene, which would otherwise place the dividers again from the panes' sizes. A pane
     * not in a scene yet (a tab's content before its tab pane's first layout) is remembered once it joins one.
     */
    public void remember(SplitPane pane) {
        String id = Objects.requireNonNull(pane.getId(), "a remembered split pane needs an id");
        if (pane.getScene() != null) {
            remember(pane, id, pane.getScene());
            return;
        }
        pane.sceneProperty().addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Scene> obs, Scene old, Scene scene) {
                if (scene != null) {
                    pane.sceneProperty().removeListener(this);
                    remember(pane, id, scene);
                }
            }
        });
    }

    private void remember(SplitPane pane, String id, Scene scene) {
        List<Double> saved = preferences.current().dividers().get(id);
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            if (saved != null && saved.size() == pane.getDividers().size()) {
                pane.setDividerPositions(saved.stream().mapToDouble(Double::doubleValue).toArray());
            }
            InvalidationListener save = obs -> preferences.update(p -> p.withDividers(id,
                    pane.getDividers().stream().map(SplitPane.Divider::getPosition).toList()));
            pane.getDividers().forEach(divider -> divider.positionProperty().addListener(save));
        };
        scene.addPostLayoutPulseListener(once[0]);
    }

    /** Restores the columns saved under the table's id (matched by column id) and follows changes to them. */
    public void remember(TableView<?> table) {
        String id = Objects.requireNonNull(table.getId(), "a remembered table needs an id");
        if (table.getColumns().stream().anyMatch(c -> c.getId() == null)) {
            throw new IllegalArgumentException("Every column of " + id + " needs an id to be remembered");
        }
        List<ConsolePreferences.Column> saved = preferences.current().tables().get(id);
        if (saved != null) {
            restore(table, saved);
        }
        Runnable save = () -> preferences.update(p -> p.withColumns(id, table.getColumns().stream()
                .map(c -> new ConsolePreferences.Column(c.getId(), c.getWidth(), c.isVisible())).toList()));
        for (TableColumn<?, ?> column : table.getColumns()) {
            column.widthProperty().addListener(obs -> save.run());
            column.visibleProperty().addListener(obs -> save.run());
        }
        table.getColumns().addListener((ListChangeListener<TableColumn<?, ?>>) change -> save.run());
    }

    private static <S> void restore(TableView<S> table, List<ConsolePreferences.Column> saved) {
        Map<String, TableColumn<S, ?>> byId = new LinkedHashMap<>();
        table.getColumns().forEach(c -> byId.put(c.getId(), c));
        List<TableColumn<S, ?>> ordered = new ArrayList<>();
        for (ConsolePreferences.Column column : saved) {
            TableColumn<S, ?> match = byId.remove(column.id());
            if (match != null) {
                ordered.add(match);
                match.setVisible(column.visible());
                if (column.width() > 0) {
                    match.setPrefWidth(Math.max(match.getMinWidth(), column.width()));
                }
            }
        }
        ordered.addAll(byId.values()); // columns added since the file was written keep their place at the end
        table.getColumns().setAll(ordered);
    }

    private static boolean onSomeScreen(ConsolePreferences.Window window) {
        if (window.width() < 200 || window.height() < 150) {
            return false;
        }
        // enough of the title bar on a screen that the operator can grab it (a monitor may be gone since)
        return !Screen.getScreensForRectangle(window.x() + 40, window.y(), Math.max(1, window.width() - 80), 30)
                .isEmpty();
    }
}
