package dev.twinops.console;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.console.connection.ConnectDialog;
import dev.twinops.console.connection.ConnectionViewModel;
import dev.twinops.console.connection.DeviceCountProbe;
import dev.twinops.console.connection.EmbeddedLocalHub;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.console.connection.SavedConnectionsStore;
import dev.twinops.console.devices.DeviceListViewModel;
import dev.twinops.console.devices.DeviceTableController;
import dev.twinops.console.devices.QueryBarController;
import dev.twinops.console.devices.QueryLibrary;
import dev.twinops.console.devices.TwinQueryPager;
import dev.twinops.console.fx.ControllerFactory;
import dev.twinops.console.fx.ThemeSwitch;
import dev.twinops.console.fx.ThrottledUiRunner;
import dev.twinops.console.time.ReadableTime;
import dev.twinops.console.twin.TwinDetailController;
import dev.twinops.console.twin.TwinDetailViewModel;
import dev.twinops.console.twin.SdkTwinService;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The composition root: builds services and view models once, hands them to controllers through the one
 * FXML controller factory, wires the features together, and shows the main window.
 */
public class TwinOpsApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(TwinOpsApp.class);

    /** UI updates from streams of hub data are drained at most this often (~10 Hz). */
    static final Duration UI_DRAIN_INTERVAL = Duration.ofMillis(100);

    private final ConsoleSettings settings;
    private ExecutorService hubCalls;
    private ScheduledExecutorService timer;
    private EmbeddedLocalHub localHub;
    private ConnectionViewModel connection;
    private DeviceListViewModel devices;
    private TwinDetailViewModel twin;

    /** Used by {@link Application#launch}: settings from system properties and the environment. */
    public TwinOpsApp() {
        this(ConsoleSettings.fromEnvironment());
    }

    /** Used by tests to point the console at a temporary home and a loopback address of their own. */
    public TwinOpsApp(ConsoleSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void start(Stage stage) {
        LOG.info("Starting TwinOps console, home {}", settings.homeDirectory());
        ThemeSwitch themeSwitch = new ThemeSwitch(settings.theme() == ConsoleSettings.Theme.DARK);
        themeSwitch.apply();
        String stylesheet = Objects.requireNonNull(TwinOpsApp.class.getResource("console.css"), "console.css")
                .toExternalForm();

        // Every SDK call, disk read and hub start runs on these threads, never on the FX thread.
        hubCalls = Executors.newFixedThreadPool(3, daemonThreads("hub-call"));
        timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("console-timer"));
        java.util.concurrent.Executor ui = Platform::runLater;
        ReadableTime readableTime = new ReadableTime(Clock.systemDefaultZone());

        localHub = new EmbeddedLocalHub(settings.localHubDirectory(), settings.localHubBindAddress(),
                settings.localHubPort());
        connection = new ConnectionViewModel(localHub, new HubConnector(timer), new DeviceCountProbe(),
                new SavedConnectionsStore(settings.connectionsFile()), hubCalls, ui, timer,
                Clock.systemDefaultZone(), Duration.ofSeconds(2));
        devices = new DeviceListViewModel(hub -> new TwinQueryPager(hub.queries()),
                new QueryLibrary(settings.queriesFile()), hubCalls, ui,
                drain -> new ThrottledUiRunner(ui, timer, UI_DRAIN_INTERVAL, drain)::request,
                connection::reportFailure);
        twin = new TwinDetailViewModel(new SdkTwinService(), hubCalls, ui, readableTime, connection::reportFailure,
                devices::showSnapshot);

        connection.activeConnectionProperty().addListener((obs, old, hub) -> {
            devices.useConnection(hub);
            twin.useConnection(hub);
        });
        connection.reconnectionsProperty().addListener(obs -> {
            devices.refresh();
            twin.reload();
        });
        devices.selectedDeviceProperty().addListener(
                (obs, old, row) -> twin.show(row == null ? null : row.deviceId()));

        ConnectDialog connectDialog = new ConnectDialog(connection, stylesheet);
        ControllerFactory controllers = new ControllerFactory()
                .register(MainWindowController.class,
                        () -> new MainWindowController(connection, devices, themeSwitch, connectDialog))
                .register(QueryBarController.class, () -> new QueryBarController(devices))
                .register(DeviceTableController.class, () -> new DeviceTableController(devices, readableTime))
                .register(TwinDetailController.class, () -> new TwinDetailController(twin, readableTime));

        Parent root = controllers.load(TwinOpsApp.class, "MainWindow.fxml");
        Scene scene = new Scene(root);
        scene.getStylesheets().add(stylesheet);
        stage.setTitle("TwinOps");
        stage.setScene(scene);
        stage.show();
        // Start with the table focused so the query and filter fields show their prompts.
        root.lookup("#deviceTable").requestFocus();

        devices.loadLibrary();
        connection.start();
    }

    @Override
    public void stop() {
        LOG.info("Stopping TwinOps console");
        if (connection != null) {
            connection.close();
        }
        if (hubCalls != null) {
            hubCalls.shutdownNow();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** The embedded hub (tests seed it with devices and restart it). */
    EmbeddedLocalHub localHub() {
        return localHub;
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
