package dev.twinops.console;

import dev.twinops.console.connection.ConnectDialog;
import dev.twinops.console.connection.ConnectionState;
import dev.twinops.console.connection.ConnectionViewModel;
import dev.twinops.console.connection.HubChoice;
import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.LocalHubTierDialog;
import dev.twinops.console.connection.OpenLocalHubDialog;
import dev.twinops.console.devices.DeviceListViewModel;
import dev.twinops.console.fx.DialogSizing;
import dev.twinops.console.fx.ThemeSwitch;
import dev.twinops.console.imports.DeviceImportDialog;
import dev.twinops.console.operations.HubTierSetting;
import dev.twinops.console.rehearsal.CopyShapeDialog;
import dev.twinops.console.simulator.SimulatorLauncherDialog;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;

/** The main window's frame: hub selection, toolbar actions, status bar. Tables and panes have their own controllers. */
public final class MainWindowController {

    private final ConnectionViewModel connection;
    private final DeviceListViewModel devices;
    private final ThemeSwitch themeSwitch;
    private final ConnectDialog connectDialog;
    private final SimulatorLauncherDialog simulatorDialog;
    private final DeviceImportDialog importDialog;
    private final OpenLocalHubDialog openLocalHubDialog;
    private final LocalHubTierDialog localHubTierDialog;
    private final HubTierSetting hubTier;
    private final CopyShapeDialog copyShapeDialog;

    private boolean showingModelChoice;

    @FXML private ComboBox<HubChoice> hubSelector;
    @FXML private MenuItem forgetHubItem;
    @FXML private MenuItem restartLocalHubItem;
    @FXML private MenuItem launchSimulatorItem;
    @FXML private MenuItem importDevicesItem;
    @FXML private MenuItem copyShapeItem;
    @FXML private Button refreshButton;
    @FXML private TextField quickFilterField;
    @FXML private ToggleButton darkThemeToggle;
    @FXML private Label hubStatusLabel;
    @FXML private Label hubTierLabel;
    @FXML private Label connectionErrorLabel;
    @FXML private ProgressBar loadingBar;
    @FXML private Label deviceCountLabel;

    public MainWindowController(ConnectionViewModel connection, DeviceListViewModel devices, ThemeSwitch themeSwitch,
                                ConnectDialog connectDialog, SimulatorLauncherDialog simulatorDialog,
                                DeviceImportDialog importDialog,
                                OpenLocalHubDialog openLocalHubDialog, LocalHubTierDialog localHubTierDialog,
                                HubTierSetting hubTier, CopyShapeDialog copyShapeDialog) {
        this.copyShapeDialog = copyShapeDialog;
        this.connection = connection;
        this.openLocalHubDialog = openLocalHubDialog;
        this.localHubTierDialog = localHubTierDialog;
        this.hubTier = hubTier;
        this.devices = devices;
        this.themeSwitch = themeSwitch;
        this.connectDialog = connectDialog;
        this.simulatorDialog = simulatorDialog;
        this.importDialog = importDialog;
    }

    @FXML
    private void initialize() {
        hubSelector.setItems(connection.hubChoices());
        hubSelector.setValue(connection.selectedHubProperty().get());
        connection.selectedHubProperty().addListener((obs, old, choice) -> {
            showingModelChoice = true;
            try {
                hubSelector.setValue(choice);
            } finally {
                showingModelChoice = false;
            }
        });
        // Only the operator's picks switch hubs, not the selector following the view model.
        hubSelector.setOnAction(e -> {
            HubChoice choice = hubSelector.getValue();
            if (choice != null && !showingModelChoice) {
                connection.switchTo(choice);
            }
        });
        forgetHubItem.disableProperty().bind(Bindings.createBooleanBinding(
                () -> connection.selectedHubProperty().get() == null || !connection.selectedHubProperty().get().isSaved(),
                connection.selectedHubProperty()));
        restartLocalHubItem.disableProperty().bind(connection.stateProperty().isEqualTo(ConnectionState.STARTING_LOCAL_HUB)
                .or(connection.selectedHubProperty().isNotEqualTo(HubChoice.LOCAL)));
        refreshButton.disableProperty().bind(connection.activeConnectionProperty().isNull());
        launchSimulatorItem.disableProperty().bind(connection.activeConnectionProperty().isNull());
        importDevicesItem.disableProperty().bind(connection.activeConnectionProperty().isNull());
        // a copy reads the hub in use into the embedded one: not from the embedded hub itself
        copyShapeItem.disableProperty().bind(connection.activeConnectionProperty().isNull()
                .or(connection.selectedHubProperty().isEqualTo(HubChoice.LOCAL)));

        quickFilterField.textProperty().bindBidirectional(devices.quickFilterProperty());
        hubStatusLabel.textProperty().bind(connection.statusTextProperty());
        hubTierLabel.textProperty().bind(hubTier.summaryProperty());
        connectionErrorLabel.textProperty().bind(connection.errorTextProperty());
        connectionErrorLabel.visibleProperty().bind(connection.errorTextProperty().isNotEmpty());
        connectionErrorLabel.managedProperty().bind(connectionErrorLabel.visibleProperty());
        loadingBar.visibleProperty().bind(devices.loadingProperty());
        loadingBar.progressProperty().bind(Bindings.createDoubleBinding(() -> {
            long total = devices.totalCountProperty().get();
            return total > 0 ? Math.min(1.0, devices.visibleRows().getSource().size() / (double) total)
                    : ProgressBar.INDETERMINATE_PROGRESS;
        }, devices.totalCountProperty(), devices.countTextProperty()));
        deviceCountLabel.textProperty().bind(devices.countTextProperty());
        darkThemeToggle.setSelected(themeSwitch.isDark());
        darkThemeToggle.selectedProperty().addListener((obs, was, dark) -> themeSwitch.setDark(dark));
    }

    @FXML
    private void connectToAzure() {
        connectDialog.open(hubSelector.getScene().getWindow());
    }

    @FXML
    private void openLocalHub() {
        openLocalHubDialog.open(hubSelector.getScene().getWindow());
    }

    @FXML
    private void chooseLocalHubTier() {
        localHubTierDialog.open(hubSelector.getScene().getWindow());
    }

    @FXML
    private void forgetHub() {
        HubChoice choice = connection.selectedHubProperty().get();
        if (choice == null || !choice.isSaved()) {
            return;
        }
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, "Forget \"" + choice.name() + "\"? "
                + (choice.kind() == HubConnection.Kind.AZURE ? "Its connection string is removed from this computer."
                        : "The console no longer lists it; the hub and its data are not touched."),
                ButtonType.OK, ButtonType.CANCEL);
        confirm.initOwner(hubSelector.getScene().getWindow());
        confirm.setHeaderText("Forget saved hub");
        DialogSizing.growWithContent(confirm);
        confirm.showAndWait().filter(ButtonType.OK::equals).ifPresent(ok -> connection.forget(choice));
    }

    @FXML
    private void restartLocalHub() {
        connection.restartLocalHub();
    }

    @FXML
    private void launchSimulator() {
        simulatorDialog.open(hubSelector.getScene().getWindow());
    }

    @FXML
    private void importDevices() {
        importDialog.open(hubSelector.getScene().getWindow());
    }

    @FXML
    private void copyFleetShape() {
        copyShapeDialog.open(hubSelector.getScene().getWindow());
    }

    @FXML
    private void refresh() {
        devices.refresh();
    }
}
