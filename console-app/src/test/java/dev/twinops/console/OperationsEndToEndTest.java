package dev.twinops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import com.microsoft.azure.sdk.iot.service.registry.Device;

import dev.twinops.console.devices.DeviceRow;
import dev.twinops.console.progress.FailedDevice;
import dev.twinops.console.operations.PackageDigest;
import dev.twinops.console.progress.OperationProgressViewModel;
import dev.twinops.console.testing.FleetSeeder;
import dev.twinops.console.testing.Loopback;
import dev.twinops.dm.DmMethod;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.simulator.faults.FaultInjector;
import dev.twinops.simulator.faults.FaultKind;
import dev.twinops.simulator.faults.FaultPlan;
import dev.twinops.simulator.faults.FaultSettings;
import dev.twinops.simulator.fleet.FleetConfig;
import dev.twinops.simulator.fleet.HubTarget;
import dev.twinops.simulator.fleet.SimulatedFleet;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;

/**
 * Management operations as an operator runs them, headless, on the console's embedded local hub (random loopback
 * address, temporary home) with simulated devices on the official device SDK: a fleet launched from the dialog,
 * a firmware rollout to 20 selected devices with a real package file read through a file: URI, failures injected
 * with a fixed seed and retried, and a reboot of a device that is not connected.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsEndToEndTest {

    private static final Duration HUB_START = Duration.ofMinutes(2);
    private static final Duration UI = Duration.ofSeconds(30);
    private static final Duration ROLLOUT = Duration.ofSeconds(90);

    /** Download failure, checksum mismatch and refusal; with seed 132 devices 5, 8 and 10 fail once, then succeed. */
    private static final FaultSettings FAULTS = FaultSettings.NONE.with(FaultKind.DOWNLOAD_FAILURE, 0.2)
            .with(FaultKind.CHECKSUM_MISMATCH, 0.1).with(FaultKind.REFUSE_METHOD, 0.1);
    private static final long SEED = 132;
    private static final int FLAKY_FLEET = 12;

    @TempDir
    static Path home;

    private static TwinOpsApp app;
    private static Path firmware;
    private static SimulatedFleet flakyFleet;

    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startConsoleOnItsLocalHub() throws Exception {
        String address = Loopback.randomAddress();
        FxToolkit.registerPrimaryStage();
        app = (TwinOpsApp) FxToolkit.setupApplication(
                () -> new TwinOpsApp(ConsoleSettings.at(home).withLocalHub(address, 8443)));
        FxRobot robot = new FxRobot();
        await().atMost(HUB_START).until(() -> text(robot, "#hubStatusLabel").endsWith("connected"));
        // the window opens on the dashboard; these tests work in the device list
        robot.interact(() -> robot.lookup("#viewTabs").queryAs(javafx.scene.control.TabPane.class)
                .getSelectionModel().select(1));
        firmware = home.resolve("tx-firmware-2.0.0.bin");
        byte[] image = new byte[192 * 1024];
        new Random(7).nextBytes(image);
        Files.write(firmware, image);
    }

    @AfterAll
    static void stopConsole() throws Exception {
        if (flakyFleet != null) {
            flakyFleet.close();
        }
        FxToolkit.cleanupStages(); // first: closing the window may still run the query bar's last edit
        FxToolkit.cleanupApplication(app);
    }

    @Test
    @Order(1)
    void aFleetLaunchedFromTheDialogComesOnlineAndAppearsInTheList() {
        robot.clickOn("#hubMenu").clickOn("Launch simulator fleet...");
        // a fleet too big for this process goes to a separate one; kept inside, the reason is next to the field
        int cores = Runtime.getRuntime().availableProcessors();
        replaceText("#countField", String.valueOf(100 * cores + 1));
        CheckBox separate = robot.lookup("#separateProcessCheck").queryAs(CheckBox.class);
        assertThat(separate.isSelected()).isTrue();
        assertThat(robot.lookup("#countNoteLabel").queryLabeled().isVisible()).isFalse();
        robot.clickOn(separate);
        assertThat(robot.lookup("#countNoteLabel").queryLabeled().isVisible()).isTrue();
        assertThat(robot.lookup("#countNoteLabel").queryLabeled().getText()).contains("run it in a separate process");
        replaceText("#countField", "20");
        assertThat(robot.lookup("#countNoteLabel").queryLabeled().isVisible()).isFalse();
        assertThat(separate.isSelected()).isFalse();
        replaceText("#prefixField", "fw-");
        replaceText("#bootSecondsField", "0.5");
        replaceText("#downloadField", "4096");
        robot.clickOn("#launchFleetButton");

        await().atMost(ROLLOUT).until(() -> text(robot, "#fleetStatusLabel").equals("Simulator: 20 devices, 20 online"));
        runQuery("STARTSWITH(deviceId, 'fw-')");
        await().atMost(UI).until(() -> table().getItems().size() == 20 && table().getItems().stream()
                .allMatch(r -> r.connectionStateProperty().get().equals("Connected")
                        && r.firmwareVersionProperty().get().equals("1.0.0")));
        // whatever order the hub answers in, the list reads in device id order
        assertThat(table().getItems().stream().map(DeviceRow::deviceId).toList()).isSorted();
    }

    @Test
    @Order(2)
    void aFirmwareUpdateOfTwentySelectedDevicesEndsWithEveryRowCurrent() throws Exception {
        runQuery("STARTSWITH(deviceId, 'fw-')");
        await().atMost(UI).until(() -> table().getItems().size() == 20);
        selectAllRows();
        assertThat(robot.lookup("#targetSelectionToggle").queryLabeled().getText()).isEqualTo("Selected (20)");

        robot.clickOn("#firmwareUpdateButton");
        // as a first-time user without a package: the dialog writes a demo image and fills in path, hash and version
        robot.clickOn("#demoImageButton");
        Path demo = home.resolve("firmware").resolve("demo-firmware-2.0.0.bin");
        await().atMost(UI).until(() -> robot.lookup("#checksumField").queryTextInputControl().getText().length() == 64);
        assertThat(robot.lookup("#packageFileField").queryTextInputControl().getText()).isEqualTo(demo.toString());
        assertThat(robot.lookup("#checksumField").queryTextInputControl().getText()).isEqualTo(PackageDigest.sha256(demo));
        assertThat(robot.lookup("#versionField").queryTextInputControl().getText()).isEqualTo("2.0.0");
        robot.clickOn("#sendFirmwareUpdateButton");
        assertThat(robot.lookup("#operationConfirmation .header-panel .label").queryLabeled().getText())
                .isEqualTo("Update 20 devices to firmware 2.0.0?");
        robot.clickOn("#confirmOperationButton");

        await().atMost(ROLLOUT).until(() -> table().getItems().stream().allMatch(row ->
                row.operationProperty().get().equals("Firmware 2.0.0 · current")
                        && row.firmwareVersionProperty().get().equals("2.0.0")));
        OperationProgressViewModel rollout = newestOperation();
        await().atMost(UI).until(() -> rollout.finishedProperty().get());
        assertThat(rollout.succeededProperty().get()).isEqualTo(20);
        assertThat(rollout.countsTextProperty().get()).isEqualTo("20 devices: 20 succeeded, 0 failed, 0 in flight");
        assertThat(text(robot, "#operationCounts")).isEqualTo("20 devices: 20 succeeded, 0 failed, 0 in flight");
        assertThat(rollout.titleProperty().get()).isEqualTo("Firmware update to 2.0.0 · 20 selected devices");
        assertThat(rollout.jobTextProperty().get()).startsWith("job firmwareUpdate-").contains("completed");
    }

    @Test
    @Order(3)
    void failedDevicesAreListedWithTheirReasonsAndRetryFailedCompletesThem() throws Exception {
        Map<String, String> expectedFailures = firstFailures();
        assertThat(expectedFailures).as("seed %d should fail a few devices once", SEED).hasSizeBetween(2, 6);
        HubConnectionInfo info = app.localHub().connectionInfo();
        flakyFleet = SimulatedFleet.start(FleetConfig.builder(HubTarget.local(info.hostName(), info.serviceEndpoint(),
                        info.serviceConnectionString(), info.caCertificatePath()))
                .count(FLAKY_FLEET).prefix("flaky-").faults(FAULTS).seed(SEED)
                .bootTime(Duration.ofMillis(500)).applyTime(Duration.ofMillis(300)).bandwidthBytesPerSecond(4 << 20)
                .progressInterval(Duration.ofMillis(250)).installJvmTrust(false).build());
        flakyFleet.allOnline().get(ROLLOUT.toSeconds(), TimeUnit.SECONDS);

        runQuery("STARTSWITH(deviceId, 'flaky-')");
        await().atMost(UI).until(() -> table().getItems().size() == FLAKY_FLEET
                && text(robot, "#targetQueryToggle").equals("All " + FLAKY_FLEET + " matching the query"));
        robot.clickOn("#targetQueryToggle");
        await().atMost(UI).until(() -> !robot.lookup("#firmwareUpdateButton").query().isDisabled());
        robot.clickOn("#firmwareUpdateButton");
        replaceText("#packageFileField", firmware.toString());
        await().atMost(UI).until(() -> robot.lookup("#checksumField").queryTextInputControl().getText().length() == 64);
        robot.clickOn("#sendFirmwareUpdateButton");
        robot.clickOn("#confirmOperationButton");

        OperationProgressViewModel rollout = awaitNewOperation(1);
        await().atMost(ROLLOUT).until(() -> rollout.finishedProperty().get());
        assertThat(rollout.titleProperty().get()).isEqualTo("Firmware update to 2.0.0 · all 12 devices matching "
                + "STARTSWITH(deviceId, 'flaky-')");
        assertThat(rollout.succeededProperty().get()).isEqualTo(FLAKY_FLEET - expectedFailures.size());
        assertThat(rollout.failures()).extracting(FailedDevice::deviceId)
                .containsExactlyInAnyOrderElementsOf(expectedFailures.keySet());
        for (FailedDevice failed : rollout.failures()) {
            assertThat(failed.reason()).contains(expectedFailures.get(failed.deviceId()));
        }
        DeviceRow failedRow = row(expectedFailures.keySet().iterator().next());
        assertThat(failedRow.operationProperty().get()).startsWith("Firmware 2.0.0 · failed: ");
        assertThat(failedRow.operationOutcomeProperty().get()).isEqualTo("failed");

        robot.clickOn("#retryFailedButton"); // the operator asks for exactly these devices: no second confirmation

        OperationProgressViewModel retry = awaitNewOperation(2);
        await().atMost(ROLLOUT).until(() -> retry.finishedProperty().get());
        assertThat(retry.titleProperty().get()).isEqualTo("Firmware update to 2.0.0 · " + expectedFailures.size()
                + " selected devices");
        assertThat(retry.succeededProperty().get()).isEqualTo(expectedFailures.size());
        assertThat(retry.failures()).isEmpty();
        await().atMost(UI).until(() -> table().getItems().stream().allMatch(row ->
                row.operationProperty().get().equals("Firmware 2.0.0 · current")
                        && row.firmwareVersionProperty().get().equals("2.0.0")));
    }

    @Test
    @Order(4)
    void aRebootOfADeviceThatIsNotConnectedSaysItIsOffline() throws Exception {
        new FleetSeeder(app.localHub().connectionInfo()).registry().addDevice(new Device("unplugged-1"));
        runQuery("deviceId = 'unplugged-1'");
        await().atMost(UI).until(() -> table().getItems().size() == 1);
        robot.clickOn(cell("unplugged-1"));
        robot.clickOn("#targetSelectionToggle");
        assertThat(text(robot, "#targetSelectionToggle")).isEqualTo("Selected: unplugged-1");

        robot.clickOn("#rebootButton");

        OperationProgressViewModel reboot = awaitNewOperation(3);
        await().atMost(UI).until(() -> reboot.finishedProperty().get());
        assertThat(reboot.messageProperty().get()).isEqualTo("unplugged-1 is offline (404103): it was not connected. "
                + "Nothing was sent to it.");
        assertThat(text(robot, "#operationMessage")).isEqualTo(reboot.messageProperty().get());
        assertThat(reboot.failedProperty().get()).isEqualTo(1);
        assertThat(row("unplugged-1").operationProperty().get()).startsWith("Reboot · failed: unplugged-1 is offline (404103)");
    }

    @Test
    @Order(5)
    void aMethodJobWaitingForOfflineDevicesIsListedInTheJobsViewAndCanBeCancelled() throws Exception {
        new FleetSeeder(app.localHub().connectionInfo()).registry().addDevice(new Device("unplugged-2"));
        runQuery("STARTSWITH(deviceId, 'unplugged-')");
        await().atMost(UI).until(() -> table().getItems().size() == 2
                && text(robot, "#targetQueryToggle").equals("All 2 matching the query"));
        robot.clickOn("#targetQueryToggle");
        await().atMost(UI).until(() -> !robot.lookup("#invokeMethodButton").query().isDisabled());

        robot.clickOn("#invokeMethodButton");
        replaceText("#methodNameField", "setMode");
        replaceText("#payloadArea", "{\"mode\": eco}");
        await().atMost(UI).until(() -> text(robot, "#payloadMessageLabel").startsWith("Line 1, column ")
                && text(robot, "#payloadMessageLabel").contains("'eco'"));
        replaceText("#payloadArea", "{\"mode\": \"eco\"}");
        replaceText("#connectTimeoutField", "301");
        robot.clickOn("#invokeButton");
        assertThat(text(robot, "#connectTimeoutMessageLabel"))
                .isEqualTo("The connect timeout must be 0-300 s (IoT Hub's range), not 301.");
        replaceText("#connectTimeoutField", "120"); // the job waits for the devices to connect
        robot.clickOn("#invokeButton");
        robot.clickOn("#confirmOperationButton");
        OperationProgressViewModel call = awaitNewOperation(4);
        await().atMost(UI).until(() -> call.jobTextProperty().get().contains("running"));

        robot.clickOn("Jobs");
        await().atMost(UI).until(() -> jobsTable().getItems().stream()
                .anyMatch(job -> job.operationProperty().get().equals("setMode")
                        && job.statusProperty().get().equals("running")));
        dev.twinops.console.jobs.JobRow running = jobsTable().getItems().stream()
                .filter(job -> job.operationProperty().get().equals("setMode")).findFirst().orElseThrow();
        assertThat(running.conditionProperty().get()).isEqualTo("STARTSWITH(deviceId, 'unplugged-')");
        robot.interact(() -> jobsTable().getSelectionModel().select(running));
        await().atMost(UI).until(() -> robot.lookup("#jobDevicesTable").queryTableView().getItems().size() == 2);

        robot.clickOn("#cancelJobButton");

        await().atMost(UI).until(() -> running.statusProperty().get().equals("cancelled"));
        assertThat(text(robot, "#jobsMessageLabel")).startsWith("Job " + running.jobId() + " is cancelled");
        await().atMost(UI).until(() -> call.jobTextProperty().get().contains("cancelled"));
        robot.clickOn("Operations");
    }

    @SuppressWarnings("unchecked")
    private TableView<dev.twinops.console.jobs.JobRow> jobsTable() {
        return robot.lookup("#jobsTable").queryAs(TableView.class);
    }

    // ---- helpers: what an operator does and sees ----

    /** The devices whose first firmware update fails with this seed, and the words their reason contains. */
    private static Map<String, String> firstFailures() {
        Map<String, String> failures = new LinkedHashMap<>();
        for (int i = 1; i <= FLAKY_FLEET; i++) {
            String id = String.format("flaky-%04d", i);
            FaultInjector injector = new FaultInjector(FAULTS, SEED, id);
            FaultPlan first = injector.draw(DmMethod.FIRMWARE_UPDATE);
            FaultPlan second = injector.draw(DmMethod.FIRMWARE_UPDATE);
            if (first.refuse()) {
                failures.put(id, "declined for now (403)");
            } else if (first.operationFault() == FaultKind.DOWNLOAD_FAILURE) {
                failures.put(id, "DOWNLOAD_FAILED");
            } else if (first.operationFault() == FaultKind.CHECKSUM_MISMATCH) {
                failures.put(id, "CHECKSUM_MISMATCH");
            } else {
                continue;
            }
            assertThat(second.refuse() || second.operationFault() != null).as("%s fails its retry too", id).isFalse();
        }
        return failures;
    }

    private OperationProgressViewModel newestOperation() {
        return app.progressPanel().operations().get(0);
    }

    /** Waits for the panel to hold {@code count + 1} operations, and returns the newest. */
    private OperationProgressViewModel awaitNewOperation(int before) {
        await().atMost(UI).until(() -> app.progressPanel().operations().size() > before);
        return newestOperation();
    }

    private void runQuery(String query) {
        robot.clickOn("#queryField");
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.type(KeyCode.BACK_SPACE);
        robot.write(query);
        robot.type(KeyCode.ENTER);
        await().atMost(UI).until(() -> !robot.lookup("#loadingBar").query().isVisible());
    }

    private void selectAllRows() {
        robot.clickOn(cell(table().getItems().get(0).deviceId()));
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Node cell(String deviceId) {
        return robot.lookup(".table-row-cell .table-cell")
                .match((Node n) -> n instanceof javafx.scene.control.Labeled l && deviceId.equals(l.getText()))
                .query();
    }

    private DeviceRow row(String deviceId) {
        return table().getItems().stream().filter(r -> r.deviceId().equals(deviceId)).findFirst().orElseThrow();
    }

    private void replaceText(String query, String text) {
        robot.clickOn(query);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.type(KeyCode.BACK_SPACE);
        robot.write(text);
    }

    @SuppressWarnings("unchecked")
    private TableView<DeviceRow> table() {
        return robot.lookup("#deviceTable").queryAs(TableView.class);
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(javafx.scene.control.Labeled.class).getText();
    }
}
