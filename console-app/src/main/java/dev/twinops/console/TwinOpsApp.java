package dev.twinops.console;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.console.activity.ActivityController;
import dev.twinops.console.activity.ActivityViewModel;
import dev.twinops.console.activity.AuditingJobsService;
import dev.twinops.console.activity.AuditingTracker;
import dev.twinops.console.activity.AuditingTwinService;
import dev.twinops.console.activity.ConsoleJournal;
import dev.twinops.console.connection.ConnectDialog;
import dev.twinops.console.connection.ConnectionViewModel;
import dev.twinops.console.connection.DeviceCountProbe;
import dev.twinops.console.connection.EmbeddedLocalHub;
import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.console.connection.LocalHubAddresses;
import dev.twinops.console.connection.LocalHubTier;
import dev.twinops.console.connection.LocalHubTierDialog;
import dev.twinops.console.connection.LocalHubTierViewModel;
import dev.twinops.console.connection.OpenLocalHubDialog;
import dev.twinops.console.connection.SavedConnectionsStore;
import dev.twinops.console.dashboard.DashboardController;
import dev.twinops.console.dashboard.DashboardViewModel;
import dev.twinops.console.dashboard.SdkFleetCountService;
import dev.twinops.console.devices.DeviceListExport;
import dev.twinops.console.devices.DeviceListViewModel;
import dev.twinops.console.devices.DeviceTableController;
import dev.twinops.console.devices.QueryBarController;
import dev.twinops.console.devices.QueryLibrary;
import dev.twinops.console.devices.TwinQueryPager;
import dev.twinops.console.fx.ControllerFactory;
import dev.twinops.console.fx.ThemeSwitch;
import dev.twinops.console.fx.ThrottledUiRunner;
import dev.twinops.console.fx.WindowMemory;
import dev.twinops.console.imports.DeviceImportDialog;
import dev.twinops.console.imports.DeviceImportViewModel;
import dev.twinops.console.imports.ImportAudit;
import dev.twinops.console.imports.ImportHubs;
import dev.twinops.console.jobs.JobsController;
import dev.twinops.console.jobs.JobsViewModel;
import dev.twinops.console.jobs.SdkJobsService;
import dev.twinops.console.operations.DeviceSelection;
import dev.twinops.console.operations.HubTierSetting;
import dev.twinops.console.operations.ManagementService;
import dev.twinops.console.operations.OperationDeadlines;
import dev.twinops.console.operations.OperationDialogs;
import dev.twinops.console.operations.OperationFlow;
import dev.twinops.console.operations.OperationLauncher;
import dev.twinops.console.operations.OperationsContextMenu;
import dev.twinops.console.operations.OperationsToolbarController;
import dev.twinops.console.operations.OperationsViewModel;
import dev.twinops.console.operations.PackageDigest;
import dev.twinops.console.operations.SdkManagementService;
import dev.twinops.console.progress.ProgressMonitor;
import dev.twinops.console.progress.ProgressPanelController;
import dev.twinops.console.progress.ProgressPanelViewModel;
import dev.twinops.console.progress.ProgressSink;
import dev.twinops.console.progress.ProgressUpdates;
import dev.twinops.console.progress.QueryPacer;
import dev.twinops.console.progress.RowProgressFeed;
import dev.twinops.console.progress.TwinQueryProgressReader;
import dev.twinops.console.operations.FirmwareUpdateForm;
import dev.twinops.console.rehearsal.CopyShapeDialog;
import dev.twinops.console.rehearsal.HubSwitch;
import dev.twinops.console.rehearsal.RehearsalStore;
import dev.twinops.console.rehearsal.RehearsalsController;
import dev.twinops.console.rehearsal.RehearsalsViewModel;
import dev.twinops.console.devices.DeviceQuery;
import dev.twinops.console.connection.HubChoice;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.rollout.rehearsal.SdkRehearsalHub;
import dev.twinops.console.rollouts.NewRolloutButtonController;
import dev.twinops.console.rollouts.RolloutPacing;
import dev.twinops.console.rollouts.RolloutPlanDialog;
import dev.twinops.console.rollouts.RolloutSupervisor;
import dev.twinops.console.rollouts.RolloutsController;
import dev.twinops.console.rollouts.RolloutsViewModel;
import dev.twinops.rollout.audit.AuditJournal;
import dev.twinops.rollout.hub.HubHost;
import dev.twinops.rollout.hub.SdkRolloutHub;
import dev.twinops.rollout.store.FileRolloutStore;
import dev.twinops.console.simulator.FleetStatusController;
import dev.twinops.console.simulator.SimulatedFleetLauncher;
import dev.twinops.console.simulator.SimulatorLauncherDialog;
import dev.twinops.console.simulator.SimulatorViewModel;
import dev.twinops.console.storage.PreferencesFile;
import dev.twinops.console.tasks.ExecutorTaskRunner;
import dev.twinops.console.tasks.TaskRunner;
import dev.twinops.console.time.ReadableTime;
import dev.twinops.console.twin.TwinDetailController;
import dev.twinops.console.twin.TwinDetailViewModel;
import dev.twinops.console.twin.SdkTwinService;
import dev.twinops.console.twin.SelectedTwinFollower;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * The composition root: builds services and view models once, hands them to controllers through the one
 * FXML controller factory, wires the features together, and shows the main window. It stays one class on
 * purpose: every dependency between features is visible in this one place and nowhere else; it holds wiring
 * only, no logic (anything more belongs in the feature it concerns).
 */
public class TwinOpsApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(TwinOpsApp.class);

    /** UI updates from streams of hub data are drained at most this often (~10 Hz). */
    static final Duration UI_DRAIN_INTERVAL = Duration.ofMillis(100);
    /** Progress rounds on an unlimited hub; a hub tier's query quota may space them further. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);
    /** The share of the tier's query quota progress queries may use (the list and other tools need the rest). */
    static final double PROGRESS_QUERY_SHARE = 0.5;
    /** Dashboard rounds on an unlimited hub; a tier's query quota may space them further. */
    static final Duration DASHBOARD_INTERVAL = Duration.ofSeconds(10);
    /** The share of the tier's query quota the dashboard's charts may use while shown. */
    static final double DASHBOARD_QUERY_SHARE = 0.1;
    /** How often running rollouts are ticked; each engine paces its own hub calls within that. */
    static final Duration ROLLOUT_TICK = Duration.ofMillis(250);
    /** How often the rollout store is looked at for rollouts the command line saved, and leases let go. */
    static final Duration ROLLOUT_STORE_SCAN = Duration.ofSeconds(2);

    private final ConsoleSettings settings;
    private PreferencesFile preferences;
    private ExecutorService hubCalls;
    private ScheduledExecutorService timer;
    private EmbeddedLocalHub localHub;
    private ConnectionViewModel connection;
    private DeviceListViewModel devices;
    private TwinDetailViewModel twin;
    private ExecutorService operationCalls;
    private ProgressMonitor progress;
    private ProgressPanelViewModel progressPanel;
    private OperationsViewModel operations;
    private SimulatorViewModel simulator;
    private JobsViewModel jobs;
    private HubTierSetting hubTier;
    private DashboardViewModel dashboard;
    private ScheduledExecutorService rolloutTicker;
    private RolloutSupervisor rolloutSupervisor;
    private RolloutsViewModel rollouts;
    private ConsoleJournal journal;
    private ActivityViewModel activity;
    private RehearsalsViewModel rehearsals;
    private volatile boolean stopped;
    // Read from the hub-call and progress threads: the hub the console uses now.
    private volatile HubConnection activeHub;
    private volatile ManagementService management;

    /** Used by {@link Application#launch}: settings from system properties and the environment. */
    public TwinOpsApp() {
        this(ConsoleSettings.fromEnvironment());
    }

    /** Used by tests to point the console at a temporary home and a loopback address of their own. */
    public TwinOpsApp(ConsoleSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Reads what the console remembers (off the FX thread: init runs on the launcher thread). */
    @Override
    public void init() {
        preferences = new PreferencesFile(settings.settingsFile());
        preferences.load();
    }

    @Override
    public void start(Stage stage) {
        LOG.info("Starting TwinOps console, home {}", settings.homeDirectory());
        ThemeSwitch themeSwitch = new ThemeSwitch(dark(), dark -> preferences.update(p -> p.withTheme(
                dark ? "dark" : "light")));
        themeSwitch.apply();
        String stylesheet = Objects.requireNonNull(TwinOpsApp.class.getResource("console.css"), "console.css")
                .toExternalForm();

        // Every SDK call, disk read and hub start runs on these threads, never on the FX thread.
        hubCalls = Executors.newFixedThreadPool(3, daemonThreads("hub-call"));
        timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("console-timer"));
        java.util.concurrent.Executor ui = Platform::runLater;
        TaskRunner tasks = new ExecutorTaskRunner(hubCalls, ui);
        ReadableTime readableTime = new ReadableTime(Clock.systemDefaultZone());

        preferences.writeOn(timer, PreferencesFile.DEFAULT_QUIET_TIME);
        localHub = new EmbeddedLocalHub(settings.localHubDirectory(), localHubAddress(),
                settings.localHubPort(), new LocalHubAddresses(),
                address -> preferences.update(p -> p.withLocalHubAddress(address)));
        localHub.useTier(LocalHubTier.saved(preferences.current().localHubTier(),
                preferences.current().localHubUnits()));
        connection = new ConnectionViewModel(localHub, new HubConnector(timer), new DeviceCountProbe(),
                new SavedConnectionsStore(settings.connectionsFile()), tasks, timer,
                Clock.systemDefaultZone(), Duration.ofSeconds(2));
        devices = new DeviceListViewModel(hub -> new TwinQueryPager(hub.queries()),
                new QueryLibrary(settings.queriesFile()), tasks,
                drain -> new ThrottledUiRunner(ui, timer, UI_DRAIN_INTERVAL, drain)::request,
                connection::reportFailure);
        // One audit journal for the console: rollouts write to it, and so does every operation and twin edit.
        AuditJournal auditJournal = AuditJournal.inHome(settings.homeDirectory(), Clock.systemUTC());
        activity = new ActivityViewModel(auditJournal, tasks);
        journal = new ConsoleJournal(auditJournal, Executors.newSingleThreadExecutor(daemonThreads("audit")),
                () -> activeHub == null ? "" : activeHub.endpoint(), this::refreshActivity);
        timer.scheduleWithFixedDelay(this::refreshActivity, 2, 2, TimeUnit.SECONDS);
        twin = new TwinDetailViewModel(new AuditingTwinService(new SdkTwinService(), journal), tasks, readableTime, connection::reportFailure,
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

        // Operations, live progress, jobs and the simulator. Method calls wait for devices (up to minutes),
        // so they get their own threads instead of holding the hub-call pool.
        operationCalls = Executors.newCachedThreadPool(daemonThreads("operation-call"));
        hubTier = HubTierSetting.fromSystemProperties();
        ProgressPanelViewModel[] panel = new ProgressPanelViewModel[1];
        ThrottledUiRunner progressDrain = new ThrottledUiRunner(ui, timer, UI_DRAIN_INTERVAL, () -> panel[0].drain());
        ProgressUpdates progressUpdates = new ProgressUpdates(progressDrain::request);
        // Progress goes to the panel (summaries) and, as events, to the device list, which alone writes its rows.
        progress = new ProgressMonitor(Executors.newSingleThreadScheduledExecutor(daemonThreads("progress")),
                Clock.systemDefaultZone(), new QueryPacer(PROGRESS_INTERVAL, PROGRESS_QUERY_SHARE),
                ProgressSink.all(progressUpdates, new RowProgressFeed(devices.rowEvents())),
                error -> connection.reportFailure(activeHub, error));
        progress.setTier(hubTier.tier());
        hubTier.tierProperty().addListener((obs, old, tier) -> progress.setTier(tier));
        OperationLauncher launcher = new OperationLauncher(() -> management, new AuditingTracker(progress, journal),
                operationCalls,
                Clock.systemDefaultZone(), hubTier::tier, OperationDeadlines.DEFAULTS);
        DeviceSelection selection = new DeviceSelection();
        operations = new OperationsViewModel(selection, devices.shownQueryProperty(), devices.totalCountProperty(),
                connection.activeConnectionProperty(), hubTier::tier, launcher);
        progressPanel = new ProgressPanelViewModel(progressUpdates, progress::dismiss, launcher::retry,
                Clock.systemDefaultZone());
        new SelectedTwinFollower(devices.selectedDeviceProperty(), twin::reload, ui);
        panel[0] = progressPanel;
        timer.scheduleAtFixedRate(() -> ui.execute(progressPanel::tick), 1, 1, TimeUnit.SECONDS);
        simulator = new SimulatorViewModel(new SimulatedFleetLauncher(() -> activeHub, localHub::connectionInfo,
                () -> localHub.connectionFile().getParent(), new SavedConnectionsStore(settings.connectionsFile()),
                settings.homeDirectory().resolve("logs").resolve("simulator.log")),
                new ExecutorTaskRunner(operationCalls, ui), devices::refresh);
        OperationFlow operationFlow = new OperationFlow(operations, new OperationDialogs(stage, stylesheet),
                PackageDigest::sha256, tasks,
                () -> operations.hubKind() == HubConnection.Kind.LOCAL || simulator.runningProperty().get(),
                settings.homeDirectory().resolve("firmware"));
        jobs = new JobsViewModel(hub -> new AuditingJobsService(new SdkJobsService(hub.jobs(), hub.queries()), journal),
                tasks, timer,
                () -> hubTier.tier().isUnlimited() ? Duration.ofSeconds(3) : Duration.ofSeconds(30));
        connection.activeConnectionProperty().addListener((obs, old, hub) -> {
            activeHub = hub;
            management = hub == null ? null : new SdkManagementService(hub.methods(), hub.jobs(), hub.queries());
            progress.useReader(hub == null ? null : new TwinQueryProgressReader(hub.queries(), hub.jobs(),
                    TwinQueryProgressReader.DEFAULT_IDS_PER_QUERY));
            hubTier.hubChanged(hub);
            jobs.useConnection(hub);
            // the hub's host name, as the command line saves it too: both list each other's rollouts
            rolloutSupervisor.useHub(hub == null ? null
                    : new SdkRolloutHub(HubHost.of(hub.endpoint()), hub.queries(), hub.jobs()));
        });
        // The dashboard: a click on a chart runs its condition in the query bar and shows the device list.
        Runnable[] showDeviceList = {() -> { }};
        dashboard = new DashboardViewModel(hub -> new SdkFleetCountService(hub.queries()), tasks,
                (delay, action) -> timer.schedule(action, delay.toMillis(), TimeUnit.MILLISECONDS), hubTier::tier,
                new QueryPacer(DASHBOARD_INTERVAL, DASHBOARD_QUERY_SHARE), condition -> {
                    devices.runCondition(condition);
                    showDeviceList[0].run();
                }, connection::reportFailure, Clock.systemDefaultZone());
        connection.activeConnectionProperty().addListener((obs, old, hub) -> dashboard.useConnection(hub));
        // Staged rollouts: engines ticked on their own thread; their saved states are carried on per hub.
        rolloutTicker = Executors.newSingleThreadScheduledExecutor(daemonThreads("rollout"));
        RolloutsViewModel[] rolloutsRef = new RolloutsViewModel[1];
        ThrottledUiRunner rolloutDrain = new ThrottledUiRunner(ui, timer, UI_DRAIN_INTERVAL, () -> rolloutsRef[0].drain());
        rolloutSupervisor = new RolloutSupervisor(new FileRolloutStore(settings.homeDirectory()), auditJournal,
                rolloutTicker, Clock.systemUTC(), ROLLOUT_TICK, ROLLOUT_STORE_SCAN,
                () -> RolloutPacing.settingsFor(hubTier.tier()),
                rolloutDrain::request);
        rollouts = new RolloutsViewModel(rolloutSupervisor, tasks, readableTime, java.time.Instant::now);
        rolloutsRef[0] = rollouts;
        Parent[] rootRef = new Parent[1];
        RolloutPlanDialog rolloutDialog = new RolloutPlanDialog(() -> stage, stylesheet, () -> {
            FirmwareUpdateForm form = new FirmwareUpdateForm(PackageDigest::sha256, tasks,
                    operations.hubKind() == HubConnection.Kind.LOCAL || simulator.runningProperty().get());
            form.offerDemoImages(settings.homeDirectory().resolve("firmware"));
            form.stageFilesIn(settings.homeDirectory().resolve("firmware"));
            return form;
        }, rollouts, () -> showTab(rootRef[0], "rolloutsTab"));
        // Dress rehearsals: copies go to the embedded hub (started if needed), the source is only queried.
        rehearsals = new RehearsalsViewModel(new RehearsalStore(settings.homeDirectory()),
                new FileRolloutStore(settings.homeDirectory()), connection.activeConnectionProperty(), hubTier::tier,
                () -> DeviceQuery.parse(devices.shownQueryProperty().get()).condition(), () -> {
                    localHub.start();
                    HubConnectionInfo info = localHub.connectionInfo();
                    return SdkRehearsalHub.connect(info.serviceEndpoint(), info.serviceConnectionString());
                }, rehearsalHubs(), rolloutDialog::open, rollouts::create, simulator, tasks, Clock.systemUTC());
        CopyShapeDialog copyShapeDialog = new CopyShapeDialog(() -> {
            showTab(rootRef[0], "rehearsalsTab");
            return rehearsals.newCopy();
        }, stylesheet);
        SimulatorLauncherDialog simulatorDialog = new SimulatorLauncherDialog(simulator,
                () -> activeHub == null ? "No hub connected." : "The devices register in and connect to "
                        + activeHub.displayName() + " (" + activeHub.endpoint() + ").", stylesheet);

        DeviceListExport deviceExport = new DeviceListExport(devices, tasks);
        ConnectDialog connectDialog = new ConnectDialog(connection, stylesheet);
        // CSV import: journaled like every operation; the list shows the new devices when it is done
        ImportHubs importHubs = new ImportHubs(() -> activeHub, localHub::connectionInfo,
                new SavedConnectionsStore(settings.connectionsFile()));
        ImportAudit importAudit = new ImportAudit(journal);
        DeviceImportDialog importDialog = new DeviceImportDialog(() -> new DeviceImportViewModel(importHubs::current,
                tasks, report -> {
                    importAudit.accept(report);
                    devices.refresh();
                }), stylesheet);
        OpenLocalHubDialog openLocalHubDialog = new OpenLocalHubDialog(connection, stylesheet);
        LocalHubTierDialog localHubTierDialog = new LocalHubTierDialog(connection, localHub::tier,
                () -> LocalHubTierViewModel.whatARestartInterrupts(activeHub, simulator.runningProperty().get(),
                        rolloutSupervisor.entries().stream().filter(e -> e.running()).count()), tier -> preferences.update(p -> p.withLocalHubTier(tier.tierName(),
                        tier.units())), stylesheet);
        ControllerFactory controllers = new ControllerFactory()
                .register(MainWindowController.class,
                        () -> new MainWindowController(connection, devices, themeSwitch, connectDialog, simulatorDialog,
                                importDialog, openLocalHubDialog, localHubTierDialog, hubTier, copyShapeDialog))
                .register(QueryBarController.class, () -> new QueryBarController(devices, deviceExport))
                .register(DeviceTableController.class, () -> new DeviceTableController(devices, readableTime,
                        selection::select, new OperationsContextMenu(operationFlow)::create, deviceExport))
                .register(OperationsToolbarController.class,
                        () -> new OperationsToolbarController(operations, operationFlow))
                .register(ProgressPanelController.class, () -> new ProgressPanelController(progressPanel, hubTier))
                .register(JobsController.class, () -> new JobsController(jobs, readableTime))
                .register(FleetStatusController.class, () -> new FleetStatusController(simulator))
                .register(DashboardController.class, () -> new DashboardController(dashboard))
                .register(TwinDetailController.class, () -> new TwinDetailController(twin, readableTime))
                .register(RolloutsController.class, () -> new RolloutsController(rollouts))
                .register(NewRolloutButtonController.class,
                        () -> new NewRolloutButtonController(operations, rolloutDialog))
                .register(ActivityController.class, () -> new ActivityController(activity, readableTime))
                .register(RehearsalsController.class, () -> new RehearsalsController(rehearsals, copyShapeDialog));

        Parent root = controllers.load(TwinOpsApp.class, "MainWindow.fxml");
        rootRef[0] = root;
        Scene scene = new Scene(root);
        scene.getStylesheets().add(stylesheet);
        stage.setTitle("TwinOps");
        stage.setScene(scene);
        WindowMemory windowMemory = new WindowMemory(preferences);
        windowMemory.place(stage);
        stage.show();
        // after the first layout, so saved positions are not overridden by the panes' own
        for (String pane : new String[] {"#mainSplit", "#workSplit", "#jobsSplit"}) {
            if (root.lookup(pane) instanceof SplitPane split) {
                windowMemory.remember(split);
            }
        }
        for (String table : new String[] {"#deviceTable", "#jobsTable", "#jobDevicesTable"}) {
            if (root.lookup(table) instanceof TableView<?> view) {
                windowMemory.remember(view);
            }
        }
        LOG.info("Main window shown ({} x {})", Math.round(stage.getWidth()), Math.round(stage.getHeight()));
        new KeyboardShortcuts(root, stylesheet).install(scene);
        // Start with the table focused so the query and filter fields show their prompts.
        root.lookup("#deviceTable").requestFocus();
        TabPane viewTabs = (TabPane) root.lookup("#viewTabs");
        showDeviceList[0] = () -> viewTabs.getSelectionModel().select(1);
        dashboard.setActive(viewTabs.getSelectionModel().getSelectedIndex() == 0);
        viewTabs.getSelectionModel().selectedIndexProperty().addListener(
                (obs, old, index) -> dashboard.setActive(index.intValue() == 0));

        devices.loadLibrary();
        connection.start();
    }

    /** The Activity view reads the journal again (if it changed): from any thread, never after the stop. */
    private void refreshActivity() {
        Platform.runLater(() -> {
            if (!stopped) {
                activity.refresh();
            }
        });
    }

    @Override
    public void stop() {
        LOG.info("Stopping TwinOps console");
        stopped = true;
        if (preferences != null) {
            preferences.close(); // before the timer that writes it stops
        }
        if (simulator != null) {
            simulator.close(); // the devices disconnect before their hub stops
        }
        if (jobs != null) {
            jobs.close();
        }
        if (rolloutSupervisor != null) {
            rolloutSupervisor.close(); // each rollout's state is saved at every transition: the next start carries on
        }
        if (rolloutTicker != null) {
            rolloutTicker.shutdownNow();
        }
        if (journal != null) {
            journal.close();
        }
        if (progress != null) {
            progress.close();
        }
        if (operationCalls != null) {
            operationCalls.shutdownNow();
        }
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

    /** The theme chosen with -Dtwinops.theme, else the one last used, else light. */
    private boolean dark() {
        String saved = preferences.current().theme();
        if (System.getProperty(ConsoleSettings.THEME_PROPERTY) == null && saved != null) {
            return saved.equals("dark");
        }
        return settings.theme() == ConsoleSettings.Theme.DARK;
    }

    /** The configured address, or where the hub moved to on an earlier run when the default one was taken. */
    private String localHubAddress() {
        String saved = preferences.current().localHubAddress();
        return saved != null && settings.localHubBindAddress().equals(ConsoleSettings.DEFAULT_BIND_ADDRESS)
                ? saved : settings.localHubBindAddress();
    }

    OperationsViewModel operations() {
        return operations;
    }

    ProgressPanelViewModel progressPanel() {
        return progressPanel;
    }

    DashboardViewModel dashboard() {
        return dashboard;
    }

    RolloutsViewModel rollouts() {
        return rollouts;
    }

    ActivityViewModel activity() {
        return activity;
    }

    /** Brings a dock tab (by id) forward. */
    private static void showTab(Parent root, String tabId) {
        if (root != null && root.lookup("#viewTabs") instanceof TabPane views) {
            // the dock sits under the device list
            views.getTabs().stream().filter(t -> "devicesTab".equals(t.getId())).findFirst()
                    .ifPresent(t -> views.getSelectionModel().select(t));
        }
        if (root != null && root.lookup("#dockTabs") instanceof TabPane tabs) {
            tabs.getTabs().stream().filter(t -> tabId.equals(t.getId())).findFirst()
                    .ifPresent(t -> tabs.getSelectionModel().select(t));
        }
    }

    RehearsalsViewModel rehearsals() {
        return rehearsals;
    }

    /** The rehearsal hub is the embedded one; the source is any other hub of the selector. */
    private HubSwitch rehearsalHubs() {
        return new HubSwitch() {
            @Override
            public boolean isRehearsalHub(HubConnection hub) {
                return hub.kind() == HubConnection.Kind.LOCAL && hub.openedFrom().isEmpty();
            }

            @Override
            public void toRehearsalHub() {
                connection.switchTo(HubChoice.LOCAL);
            }

            @Override
            public boolean toHub(String name) {
                return connection.hubChoices().stream().filter(c -> c.name().equals(name)).findFirst()
                        .map(c -> {
                            connection.switchTo(c);
                            return true;
                        }).orElse(false);
            }
        };
    }

    SimulatorViewModel simulator() {
        return simulator;
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
