package dev.twinops.console;

import java.time.Clock;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.console.connection.ConnectionViewModel;
import dev.twinops.console.devices.DeviceListViewModel;
import dev.twinops.console.devices.DeviceTableController;
import dev.twinops.console.fx.ControllerFactory;
import dev.twinops.console.fx.ThemeSwitch;
import dev.twinops.console.time.ReadableTime;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The composition root: builds services and view models once, hands them to controllers through the one
 * FXML controller factory, and shows the main window.
 */
public class TwinOpsApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(TwinOpsApp.class);

    private final ConsoleSettings settings;

    /** Used by {@link Application#launch}: settings from system properties and the environment. */
    public TwinOpsApp() {
        this(ConsoleSettings.fromEnvironment());
    }

    /** Used by tests to point the console at a temporary home directory. */
    public TwinOpsApp(ConsoleSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void start(Stage stage) {
        LOG.info("Starting TwinOps console, home {}", settings.homeDirectory());
        ThemeSwitch themeSwitch = new ThemeSwitch(settings.theme() == ConsoleSettings.Theme.DARK);
        themeSwitch.apply();

        ReadableTime readableTime = new ReadableTime(Clock.systemDefaultZone());
        ConnectionViewModel connection = new ConnectionViewModel();
        DeviceListViewModel devices = new DeviceListViewModel();

        ControllerFactory controllers = new ControllerFactory()
                .register(MainWindowController.class,
                        () -> new MainWindowController(connection, devices, themeSwitch))
                .register(DeviceTableController.class, () -> new DeviceTableController(devices, readableTime));

        Parent root = controllers.load(TwinOpsApp.class, "MainWindow.fxml");
        Scene scene = new Scene(root);
        scene.getStylesheets().add(Objects.requireNonNull(
                TwinOpsApp.class.getResource("console.css"), "console.css").toExternalForm());
        stage.setTitle("TwinOps");
        stage.setScene(scene);
        stage.show();
        // Start with the table focused so the filter field shows its prompt.
        root.lookup("#deviceTable").requestFocus();
    }
}
