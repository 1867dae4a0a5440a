package dev.twinops.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import dev.twinops.console.operations.OperationRequest;
import dev.twinops.console.operations.OperationsViewModel;
import dev.twinops.console.operations.PackageDigest;
import dev.twinops.console.simulator.FleetSpec;
import dev.twinops.simulator.faults.FaultKind;
import dev.twinops.simulator.faults.FaultSettings;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * Development only (the README's screenshot of a rollout in progress): the real console on its embedded hub
 * launches a simulated fleet through its own launcher, and once the fleet is online starts a firmware update of
 * every device, at a download speed slow enough to catch it half-way. Nothing here is part of the product.
 * <pre>
 * mvn -B -q -o -pl console-app -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *   -Dmdep.outputFile=target/test.cp
 * env TWINOPS_HOME=$(mktemp -d) java -Dtwinops.localhub.bind=127.0.88.1 \
 *   -cp console-app/target/test-classes:console-app/target/classes:$(cat console-app/target/test.cp) \
 *   dev.twinops.console.RolloutDemo
 * </pre>
 * run under a virtual display (Xvfb, 1440x900; {@code -am} puts this checkout's module classes on the class path)
 * and captured about 50 s after the window appears, on the Devices tab.
 */
public final class RolloutDemo {

    private RolloutDemo() {
    }

    public static void main(String[] args) {
        Application.launch(DemoApp.class, args);
    }

    /** The console, plus the scripted rollout. */
    public static final class DemoApp extends TwinOpsApp {

        private static final int DEVICES = 48;

        private Stage stage;
        private Timeline script;
        private boolean launched;
        private boolean started;

        @Override
        public void start(Stage primary) {
            super.start(primary);
            stage = primary;
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1420);
            stage.setHeight(880);
            // the console opens on the Dashboard; the rollout is seen on the Devices tab, with the table and the
            // panel given most of the width
            TabPane views = (TabPane) stage.getScene().lookup("#viewTabs");
            views.getTabs().stream().filter(tab -> "devicesTab".equals(tab.getId())).findFirst()
                    .ifPresent(views.getSelectionModel()::select);
            ((javafx.scene.control.SplitPane) stage.getScene().lookup("#mainSplit")).setDividerPositions(0.7);
            ((javafx.scene.control.SplitPane) stage.getScene().lookup("#workSplit")).setDividerPositions(0.5);
            // A timeline polls on the FX thread: the demo waits for the hub, then for the fleet, without blocking.
            script = new Timeline(new KeyFrame(javafx.util.Duration.millis(500), e -> step()));
            script.setCycleCount(Timeline.INDEFINITE);
            script.play();
        }

        private void step() {
            if (!launched && text("#hubStatusLabel").endsWith("connected")) {
                launched = true;
                // a few download failures, so the panel lists failed devices with their reasons
                FaultSettings faults = FaultSettings.NONE.with(FaultKind.DOWNLOAD_FAILURE, 0.08)
                        .with(FaultKind.CHECKSUM_MISMATCH, 0.04);
                simulator().launch(new FleetSpec(DEVICES, "pump-", faults, 7, java.time.Duration.ofSeconds(3),
                        24 * 1024), () -> { }, problem -> { });
            }
            String online = "Simulator: " + DEVICES + " devices, " + DEVICES + " online";
            if (launched && !started && text("#fleetStatusLabel").equals(online) && rows().size() == DEVICES) {
                started = true;
                try {
                    Path firmware = Files.createTempFile("pump-firmware-2.1.0", ".bin");
                    byte[] image = new byte[768 * 1024];
                    new Random(5).nextBytes(image);
                    Files.write(firmware, image);
                    OperationsViewModel operations = operations();
                    operations.targetModeProperty().set(OperationsViewModel.TargetMode.QUERY);
                    operations.start(OperationRequest.firmwareUpdate(firmware.toUri().toString(),
                            PackageDigest.sha256(firmware), "2.1.0"));
                } catch (Exception e) {
                    throw new IllegalStateException("demo rollout failed", e);
                }
                @SuppressWarnings("unchecked")
                TableView<Object> table = (TableView<Object>) stage.getScene().lookup("#deviceTable");
                table.getSortOrder().setAll(List.of(table.getColumns().get(0)));
                table.getSelectionModel().select(2);
                script.stop();
            }
        }

        private List<?> rows() {
            return ((TableView<?>) stage.getScene().lookup("#deviceTable")).getItems();
        }

        private String text(String id) {
            Label label = (Label) stage.getScene().lookup(id);
            return label == null || label.getText() == null ? "" : label.getText();
        }
    }
}
