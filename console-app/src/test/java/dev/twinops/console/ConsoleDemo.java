package dev.twinops.console;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.twinops.console.testing.FleetSeeder;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.simulator.fleet.FleetConfig;
import dev.twinops.simulator.fleet.HubTarget;
import dev.twinops.simulator.fleet.SimulatedFleet;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * Development only (screenshots, manual checks): the real console on its embedded hub, with a small
 * simulated fleet connected to it and a few registered devices that stay offline. Nothing here is part of
 * the product. Run with the test class path, a home of its own and a loopback address, e.g.
 * <pre>
 * mvn -q -o -pl console-app dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * TWINOPS_HOME=/tmp/twinops-demo java -Dtwinops.localhub.bind=127.0.77.1 \
 *   -cp console-app/target/classes:console-app/target/test-classes:$(cat console-app/target/test.cp) \
 *   dev.twinops.console.ConsoleDemo
 * </pre>
 * It opens on the dashboard; {@code -Dtwinops.demo.show=devices} or {@code =import} shows the device list or the
 * import dialog (see {@link DemoApp#show}).
 */
public final class ConsoleDemo {

    private ConsoleDemo() {
    }

    public static void main(String[] args) {
        Application.launch(DemoApp.class, args);
    }

    /** The console plus the demo fleet. */
    public static final class DemoApp extends TwinOpsApp {

    private SimulatedFleet pumps;
    private SimulatedFleet valves;

    @Override
    public void start(Stage stage) {
        super.start(stage);
        Thread populate = new Thread(() -> populate(stage), "demo-fleet");
        populate.setDaemon(true);
        populate.start();
    }

    private void populate(Stage stage) {
        try {
            HubConnectionInfo info = awaitLocalHub();
            HubTarget hub = HubTarget.local(info.hostName(), info.serviceEndpoint(), info.serviceConnectionString(),
                    info.caCertificatePath());
            // the console already trusts its hub, for the hub's address (PerHubTrust)
            pumps = SimulatedFleet.start(FleetConfig.builder(hub).count(24).prefix("pump-")
                    .factoryFirmwareVersion("1.4.2").seed(7).installJvmTrust(false).build());
            valves = SimulatedFleet.start(FleetConfig.builder(hub).count(12).prefix("valve-")
                    .factoryFirmwareVersion("1.3.0").seed(11).installJvmTrust(false).build());
            pumps.allOnline().get(3, TimeUnit.MINUTES);
            valves.allOnline().get(3, TimeUnit.MINUTES);
            new FleetSeeder(info).seed("meter", 0, 6, 2);
            Platform.runLater(() -> {
                ((Button) stage.getScene().lookup("#refreshButton")).fire();
                sortById((TableView<?>) stage.getScene().lookup("#deviceTable"));
            });
            Thread.sleep(Duration.ofSeconds(5).toMillis());
            Platform.runLater(() -> {
                TableView<?> table = (TableView<?>) stage.getScene().lookup("#deviceTable");
                table.getSelectionModel().select(8);
                table.requestFocus();
                show(stage, System.getProperty("twinops.demo.show", "dashboard"));
            });
        } catch (Exception e) {
            throw new IllegalStateException("demo fleet failed", e);
        }
    }

    /**
     * -Dtwinops.demo.show=devices brings the device list forward; =import also opens the import dialog on a small
     * file with two faulty rows, previewed (the window is then titled "Import devices").
     */
    private void show(Stage stage, String what) {
        if (what.equals("dashboard")) {
            return;
        }
        ((javafx.scene.control.TabPane) stage.getScene().lookup("#viewTabs")).getSelectionModel().select(1);
        if (!what.equals("import")) {
            return;
        }
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("new-sensors", ".csv");
            java.nio.file.Files.writeString(file, "id,tags.site,tags.ring,tags.model\n"
                    + "sensor-0001,plant-north,canary,TX-300\n"
                    + "sensor-0002,plant-north,broad,TX-300\n"
                    + "sensor-0003,plant-south,broad,TX-300\n"
                    + "sensor 0004,plant-south,broad,TX-300\n"
                    + "sensor-0005,plant-south,broad,TX-200\n"
                    + "sensor-0002,plant-east,broad,TX-200\n"
                    + "sensor-0007,plant-east,broad,TX-200\n");
            javafx.scene.control.MenuButton hub = (javafx.scene.control.MenuButton) stage.getScene().lookup("#hubMenu");
            hub.getItems().stream().filter(i -> "importDevicesItem".equals(i.getId())).findFirst().orElseThrow().fire();
            for (javafx.stage.Window window : javafx.stage.Window.getWindows()) {
                if (window.getScene().lookup("#importPathField") instanceof javafx.scene.control.TextField path) {
                    path.setText(file.toString());
                    ((Button) window.getScene().lookup("#importPreviewButton")).fire();
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static <T> void sortById(TableView<T> table) {
        table.getSortOrder().setAll(java.util.List.of(table.getColumns().get(0)));
    }

    private HubConnectionInfo awaitLocalHub() throws InterruptedException {
        while (localHub() == null || localHub().connectionInfo() == null) {
            Thread.sleep(500);
        }
        return localHub().connectionInfo();
    }

    @Override
    public void stop() {
        if (pumps != null) {
            pumps.close();
        }
        if (valves != null) {
            valves.close();
        }
        super.stop();
    }
    }
}
