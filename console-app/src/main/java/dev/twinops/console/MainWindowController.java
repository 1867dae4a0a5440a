package dev.twinops.console;

import dev.twinops.console.connection.ConnectionViewModel;
import dev.twinops.console.devices.DeviceListViewModel;
import dev.twinops.console.fx.ThemeSwitch;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;

/** The main window's frame: toolbar, status bar. The device table has its own controller. */
public final class MainWindowController {

    private final ConnectionViewModel connection;
    private final DeviceListViewModel devices;
    private final ThemeSwitch themeSwitch;

    @FXML private TextField quickFilterField;
    @FXML private ToggleButton darkThemeToggle;
    @FXML private Label hubStatusLabel;
    @FXML private Label deviceCountLabel;

    public MainWindowController(ConnectionViewModel connection, DeviceListViewModel devices, ThemeSwitch themeSwitch) {
        this.connection = connection;
        this.devices = devices;
        this.themeSwitch = themeSwitch;
    }

    @FXML
    private void initialize() {
        quickFilterField.textProperty().bindBidirectional(devices.quickFilterProperty());
        hubStatusLabel.textProperty().bind(connection.statusTextProperty());
        deviceCountLabel.textProperty().bind(devices.countTextProperty());
        darkThemeToggle.setSelected(themeSwitch.isDark());
        darkThemeToggle.selectedProperty().addListener((obs, was, dark) -> themeSwitch.setDark(dark));
    }
}
