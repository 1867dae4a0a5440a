package dev.twinops.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.twinops.console.fx.DialogSizing;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;

/**
 * The main window's keyboard shortcuts, installed as scene accelerators on the controls the FXML names, so each
 * does what a click does (an operation still asks for its confirmation; a disabled button does nothing). Each is
 * shown in its control's tooltip, and Help > Keyboard shortcuts (F1) lists them all.
 */
final class KeyboardShortcuts {

    /** One shortcut: its keys, what it does in words, and the action. */
    record Shortcut(KeyCombination keys, String description, Runnable action) {
    }

    private final List<Shortcut> shortcuts = new ArrayList<>();
    private final Parent root;
    private final String stylesheet;

    KeyboardShortcuts(Parent root, String stylesheet) {
        this.root = Objects.requireNonNull(root, "root");
        this.stylesheet = stylesheet;
    }

    /** Defines the shortcuts for the loaded window and installs them in its scene (after the window shows). */
    void install(Scene scene) {
        focus(key(KeyCode.L, KeyCombination.SHORTCUT_DOWN), "Go to the query bar", "#queryField");
        press(key(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), "Run the query", "#runQueryButton");
        press(new KeyCodeCombination(KeyCode.F5), "Refresh the device list", "#refreshButton");
        focus(key(KeyCode.F, KeyCombination.SHORTCUT_DOWN), "Filter the shown devices", "#quickFilterField");
        // a text field keeps its own Ctrl+A (it consumes the key before the scene sees it)
        add(key(KeyCode.A, KeyCombination.SHORTCUT_DOWN), "Select every shown device",
                "#deviceTable", () -> {
                    TableView<?> table = (TableView<?>) root.lookup("#deviceTable");
                    table.requestFocus();
                    table.getSelectionModel().selectAll();
                });
        press(key(KeyCode.R, KeyCombination.SHORTCUT_DOWN), "Reboot the target devices (asks first)", "#rebootButton");
        press(key(KeyCode.R, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                "Factory reset the target devices (asks first)", "#factoryResetButton");
        press(key(KeyCode.U, KeyCombination.SHORTCUT_DOWN), "Firmware update of the target devices",
                "#firmwareUpdateButton");
        press(key(KeyCode.M, KeyCombination.SHORTCUT_DOWN), "Invoke a direct method on the target devices",
                "#invokeMethodButton");
        press(key(KeyCode.T, KeyCombination.SHORTCUT_DOWN), "Act on the selected devices", "#targetSelectionToggle");
        press(key(KeyCode.T, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                "Act on every device the query matches", "#targetQueryToggle");
        panes();
        MenuButton help = (MenuButton) root.lookup("#helpMenu");
        KeyCombination listKeys = new KeyCodeCombination(KeyCode.F1);
        if (help != null) {
            MenuItem list = help.getItems().stream().filter(i -> "keyboardShortcutsItem".equals(i.getId()))
                    .findFirst().orElseThrow();
            list.setAccelerator(listKeys); // a menu item shows its own keys; the scene runs it while the menu is shut
            list.setOnAction(e -> showList());
        }
        shortcuts.add(new Shortcut(listKeys, "This list", this::showList));
        shortcuts.forEach(s -> scene.getAccelerators().put(s.keys(), s.action()));
    }

    List<Shortcut> shortcuts() {
        return List.copyOf(shortcuts);
    }

    /**
     * Ctrl+1 the device list, Ctrl+2 the twin pane, then each tab of the dock under the table in its order (each
     * brings the Devices view forward first); Ctrl+D the fleet dashboard.
     */
    private void panes() {
        int n = 1;
        add(digit(n++), "Go to the device list", "#deviceTable", () -> {
            showView("devicesTab");
            root.lookup("#deviceTable").requestFocus();
        });
        Node twin = root.lookup("#twinTabs");
        if (twin != null) {
            add(digit(n++), "Go to the twin pane", "#twinTabs", () -> {
                showView("devicesTab");
                twin.requestFocus();
            });
        }
        if (root.lookup("#dockTabs") instanceof TabPane dock) {
            for (int i = 0; i < dock.getTabs().size() && n <= 9; i++) {
                int index = i;
                shortcuts.add(new Shortcut(digit(n++), "Show the " + dock.getTabs().get(i).getText() + " tab", () -> {
                    showView("devicesTab");
                    dock.getSelectionModel().select(index);
                    dock.requestFocus();
                }));
            }
        }
        if (root.lookup("#viewTabs") != null) {
            shortcuts.add(new Shortcut(new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN),
                    "Show the fleet dashboard", () -> showView("dashboardTab")));
        }
    }

    /** Brings a top-level view (Dashboard, Devices) forward; a no-op in a window without them. */
    private void showView(String tabId) {
        if (root.lookup("#viewTabs") instanceof TabPane views) {
            views.getTabs().stream().filter(t -> tabId.equals(t.getId())).findFirst()
                    .ifPresent(t -> views.getSelectionModel().select(t));
        }
    }

    private void showList() {
        GridPane grid = new GridPane();
        grid.setId("keyboardShortcutsList");
        grid.setHgap(18);
        grid.setVgap(4);
        for (int row = 0; row < shortcuts.size(); row++) {
            Label keys = new Label(shortcuts.get(row).keys().getDisplayText());
            keys.getStyleClass().add("monospace");
            grid.addRow(row, keys, new Label(shortcuts.get(row).description()));
        }
        Alert alert = new Alert(Alert.AlertType.INFORMATION, null, ButtonType.CLOSE);
        alert.initOwner(root.getScene().getWindow());
        alert.setTitle("Keyboard shortcuts");
        alert.setHeaderText("Keyboard shortcuts");
        alert.getDialogPane().setContent(grid);
        alert.getDialogPane().setId("keyboardShortcutsDialog");
        if (stylesheet != null) {
            alert.getDialogPane().getStylesheets().add(stylesheet);
        }
        DialogSizing.growWithContent(alert);
        alert.show();
    }

    private void press(KeyCombination keys, String description, String id) {
        add(keys, description, id, () -> {
            if (root.lookup(id) instanceof ButtonBase button && !button.isDisabled()) {
                button.fire();
            }
        });
    }

    private void focus(KeyCombination keys, String description, String id) {
        add(keys, description, id, () -> {
            Node node = root.lookup(id);
            if (node instanceof ComboBox<?> combo && combo.isEditable()) {
                combo.requestFocus(); // its editor takes the keys
                combo.getEditor().selectAll();
            } else if (node != null) {
                node.requestFocus();
            }
        });
    }

    private void add(KeyCombination keys, String description, String id, Runnable action) {
        shortcuts.add(new Shortcut(keys, description, action));
        if (root.lookup(id) instanceof Control control) {
            String hint = "(" + keys.getDisplayText() + ")";
            Tooltip tooltip = control.getTooltip();
            if (tooltip == null) {
                control.setTooltip(new Tooltip(description + " " + hint));
            } else if (!tooltip.getText().contains(hint)) {
                tooltip.setText(tooltip.getText() + " " + hint);
            }
        }
    }

    private static KeyCombination key(KeyCode code, KeyCombination.Modifier... modifiers) {
        return new KeyCodeCombination(code, modifiers);
    }

    private static KeyCombination digit(int n) {
        return new KeyCodeCombination(KeyCode.valueOf("DIGIT" + n), KeyCombination.SHORTCUT_DOWN);
    }
}
