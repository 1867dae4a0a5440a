package dev.twinops.console.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import dev.twinops.console.TwinOpsApp;
import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.console.fx.ControllerFactory;
import dev.twinops.console.fx.GradualTableSkin;
import dev.twinops.console.tasks.ExecutorTaskRunner;
import dev.twinops.console.time.ReadableTime;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/** The console's device table (FXML, controller, stylesheet) fills its first screenful in steps and shows what it did. */
class DeviceTableTest {

    private static final Duration UI = Duration.ofSeconds(20);
    private static final String CONNECTION_STRING =
            "HostName=127.0.0.1;SharedAccessKeyName=iothubowner;SharedAccessKey=c2VjcmV0LWtleS10aGF0LWlzLTMyLWJ5dGVzLWxvbmc=";

    @TempDir
    Path home;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService hubCalls = Executors.newSingleThreadExecutor();
    private HubConnection hub;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        if (hub != null) {
            hub.close();
        }
        timer.shutdownNow();
        hubCalls.shutdownNow();
    }

    @Test
    void theTableShowsTheFirstDevicesSortedByIdInEveryColumnOnceItHasFilled() throws Exception {
        DeviceSource fleet = new DeviceSource() {
            @Override
            public long count(DeviceQuery query) {
                return 300;
            }

            @Override
            public void stream(DeviceQuery query, Consumer<DeviceSnapshot> sink, BooleanSupplier stillWanted) {
                for (int i = 299; i >= 0; i--) { // in no particular order, as a hub lists them
                    sink.accept(new DeviceSnapshot(String.format("pump-%03d", i), "Connected", "enabled", "1.0." + i % 3,
                            Instant.EPOCH, "site=plant-" + i % 2));
                }
            }
        };
        DeviceListViewModel devices = onFx(() -> new DeviceListViewModel(c -> fleet,
                new QueryLibrary(home.resolve("queries.json")),
                new ExecutorTaskRunner(hubCalls, Platform::runLater),
                drain -> () -> Platform.runLater(drain),
                (c, e) -> { }));
        TableView<DeviceRow> table = show(devices);
        assertThat(table.getSkin()).isInstanceOf(GradualTableSkin.class);
        assertThat(table.getFixedCellSize()).isPositive(); // the stylesheet's row height: the skin counts rows by it

        hub = new HubConnector(timer).connectLocal("Local hub", "127.0.0.1:8443", CONNECTION_STRING);
        onFx(() -> {
            devices.useConnection(hub);
            return null;
        });

        GradualTableSkin<?> skin = (GradualTableSkin<?>) table.getSkin();
        await().atMost(UI).until(() -> skin.isFilled() && !devices.loadingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> table.getVisibleLeafColumns().stream().map(TableColumn::getText).toList())).containsExactly(
                "Device ID", "Connection", "Status", "Firmware", "Last activity", "Tags", "Operation");
        List<List<String>> rows = onFx(() -> shownRows(table));
        assertThat(rows).hasSizeGreaterThan(10);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).subList(0, 4)).containsExactly(String.format("pump-%03d", i), "Connected", "enabled",
                    "1.0." + i % 3);
            assertThat(rows.get(i).get(5)).isEqualTo("site=plant-" + i % 2);
        }
    }

    private TableView<DeviceRow> show(DeviceListViewModel devices) throws Exception {
        return onFx(() -> {
            ControllerFactory controllers = new ControllerFactory().register(DeviceTableController.class,
                    () -> new DeviceTableController(devices, new ReadableTime(Clock.systemDefaultZone())));
            @SuppressWarnings("unchecked")
            TableView<DeviceRow> table = (TableView<DeviceRow>) controllers.load(DeviceTableController.class,
                    "DeviceTable.fxml");
            Scene scene = new Scene(table, 1000, 600);
            scene.getStylesheets().add(Objects.requireNonNull(TwinOpsApp.class.getResource("console.css")).toExternalForm());
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.show();
            return table;
        });
    }

    /** The cell texts of the rows that show a device, from the top. */
    private static List<List<String>> shownRows(TableView<DeviceRow> table) {
        List<TableRow<?>> rows = new ArrayList<>();
        for (Node n : table.lookupAll(".table-row-cell")) {
            if (n instanceof TableRow<?> row && row.isVisible() && !row.isEmpty()) {
                rows.add(row);
            }
        }
        rows.sort((a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
        return rows.stream().map(row -> row.getChildrenUnmodifiable().stream().filter(n -> n instanceof IndexedCell<?>)
                .map(n -> ((IndexedCell<?>) n).getText()).toList()).toList();
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get();
    }
}
