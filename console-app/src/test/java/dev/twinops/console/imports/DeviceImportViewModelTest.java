package dev.twinops.console.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.twin.Twin;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.hubclient.trust.PerHubTrust;
import dev.twinops.console.connection.SavedConnectionsStore;
import dev.twinops.console.imports.ImportOutcome.Result;
import dev.twinops.console.tasks.CurrentThreadTaskRunner;
import dev.twinops.console.testing.Loopback;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.LocalHub;

/** Imports through the dialog's view model into the local hub, with the real service SDK, checked through the SDK. */
class DeviceImportViewModelTest {

    @TempDir
    static Path dir;

    private static LocalHub hub;
    private static HubConnection connection;
    private static ScheduledExecutorService timer;

    private final List<ImportReport> journaled = new ArrayList<>();

    @BeforeAll
    static void startHub() throws Exception {
        timer = Executors.newSingleThreadScheduledExecutor();
        hub = LocalHub.start(HubConfig.builder().dataDirectory(dir.resolve("hub"))
                .bindAddress(Loopback.randomAddress()).build());
        PerHubTrust.jvm().trust(hub.connectionInfo().serviceEndpoint(), hub.connectionInfo().caCertificatePath());
        connection = new HubConnector(timer).connectLocal("Local hub", hub.connectionInfo().serviceEndpoint(),
                hub.connectionInfo().serviceConnectionString());
    }

    @AfterAll
    static void stopHub() {
        connection.close();
        hub.close();
        timer.shutdownNow();
    }

    private DeviceImportViewModel viewModel() {
        ImportHubs hubs = new ImportHubs(() -> connection, hub::connectionInfo,
                new SavedConnectionsStore(dir.resolve("connections.json")));
        return new DeviceImportViewModel(hubs::current, new CurrentThreadTaskRunner(), journaled::add);
    }

    private static Path csv(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static String key(int seed) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) seed;
        bytes[31] = 7;
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void aFileOf250DevicesIsRegisteredWithItsKeysAndTagsAndItsBadRowsAreNotSent() throws Exception {
        StringBuilder text = new StringBuilder("id,tags.site,tags.location.floor,primaryKey,secondaryKey\n");
        for (int i = 0; i < 250; i++) {
            String keys = i % 50 == 0 ? key(i) + "," + key(i + 1) : ",";
            text.append(String.format("imp-%03d,plant-%d,%d,%s%n", i, i % 3, i % 5, keys));
        }
        text.append("bad id,plant-1,1,,\n").append("imp-000,plant-9,9,,\n");
        DeviceImportViewModel model = viewModel();

        model.choose(csv("fleet.csv", text.toString()));

        assertThat(model.fileProblemProperty().get()).isEmpty();
        assertThat(model.fileTextProperty().get())
                .isEqualTo("fleet.csv: 252 devices, 3 rows with problems (not imported)");
        assertThat(model.preview()).hasSize(202); // the first 200 rows, then the bad id and the duplicate's second row
        assertThat(model.canImportProperty().get()).isTrue();

        model.startImport();

        ImportReport report = model.reportProperty().get();
        assertThat(report.count(Result.CREATED)).isEqualTo(249);
        assertThat(report.count(Result.NOT_SENT)).isEqualTo(3);
        assertThat(model.results()).hasSize(252);
        assertThat(model.results().get(0)).isEqualTo(new ImportOutcome(2, "imp-000", Result.NOT_SENT, "invalid row",
                "device id imp-000 is also on line 253"));
        assertThat(model.statusProperty().get()).isEqualTo("Import of fleet.csv: 249 created, 3 not sent.");
        assertThat(model.progressProperty().get()).isEqualTo(1.0);
        assertThat(model.canImportProperty().get()).isFalse(); // not twice by accident
        assertThat(journaled).containsExactly(report);

        assertThat(countDevices("STARTSWITH(deviceId, 'imp-')")).isEqualTo(249);
        Device withKeys = connection.registry().getDevice("imp-050");
        assertThat(withKeys.getPrimaryKey()).isEqualTo(key(50));
        assertThat(withKeys.getSecondaryKey()).isEqualTo(key(51));
        Twin twin = connection.twins().get("imp-247");
        assertThat(twin.getTags().get("site")).isEqualTo("plant-1");
        assertThat(twin.getTags().get("location").toString()).isEqualTo("{\"floor\":\"2\"}");
        assertThat(countDevices("tags.site = 'plant-2' AND STARTSWITH(deviceId, 'imp-')")).isEqualTo(83);

        Path exported = dir.resolve("results.csv");
        model.exportResults(exported);
        String results = Files.readString(exported);
        assertThat(results).startsWith("Line,Device ID,Result,Error code,Message\r\n")
                .contains("3,imp-001,created,,\r\n")
                .contains("bad id,not sent,invalid row,\"device id bad id has a space");
        assertThat(results).doesNotContain(key(50)).doesNotContain(key(51));
    }

    @Test
    void createOrUpdateUpdatesDevicesThatExistAndCreateRefusesThem() throws Exception {
        DeviceImportViewModel first = viewModel();
        first.choose(csv("first.csv", "id,tags.ring\nupd-1,canary\nupd-2,canary\n"));
        first.startImport();
        assertThat(first.reportProperty().get().count(Result.CREATED)).isEqualTo(2);

        DeviceImportViewModel create = viewModel();
        create.choose(csv("again.csv", "id,tags.ring\nupd-1,broad\nupd-3,broad\n"));
        create.startImport();
        assertThat(create.results()).extracting(ImportOutcome::result).containsExactly(Result.FAILED, Result.CREATED);
        assertThat(create.results().get(0).errorCode()).isEqualTo("DeviceAlreadyExists");
        assertThat(create.results().get(0).message()).isNotBlank();
        assertThat(connection.twins().get("upd-1").getTags().get("ring")).isEqualTo("canary"); // untouched

        DeviceImportViewModel upsert = viewModel();
        upsert.choose(csv("upsert.csv", "id,tags.site\nupd-1,plant-7\nupd-4,plant-7\n"));
        upsert.modeProperty().set(ImportMode.CREATE_OR_UPDATE);
        upsert.startImport();
        assertThat(upsert.results()).extracting(ImportOutcome::result).containsExactly(Result.UPDATED, Result.CREATED);
        Twin updated = connection.twins().get("upd-1");
        assertThat(updated.getTags().get("site")).isEqualTo("plant-7");
        assertThat(updated.getTags().get("ring")).isEqualTo("canary"); // tags are merged, not replaced
    }

    @Test
    void aRequestTheHubRefusesFailsItsRowsWithTheHubsCodeAndStopsTheImport() throws Exception {
        String connectionString = hub.connectionInfo().serviceConnectionString()
                .replaceAll("SharedAccessKey=[^;]+", "SharedAccessKey=" + key(99));
        SdkImportHub wrongKey = new SdkImportHub(hub.connectionInfo().serviceEndpoint(), connectionString,
                connection.twins(), connection.queries());
        StringBuilder text = new StringBuilder("id\n");
        for (int i = 0; i < 150; i++) {
            text.append("refused-").append(i).append('\n');
        }
        ImportFile file = DeviceCsvReader.read(csv("refused.csv", text.toString()));

        ImportReport report = new DeviceImporter(wrongKey).run(file, ImportMode.CREATE, done -> { }, () -> false);

        assertThat(report.count(Result.FAILED)).isEqualTo(100);
        assertThat(report.count(Result.NOT_SENT)).isEqualTo(50);
        ImportOutcome failed = report.outcomes().get(0);
        assertThat(failed.errorCode()).isEqualTo("401002");
        assertThat(failed.message()).startsWith("the hub refused the request for lines 2-101: ");
        assertThat(report.outcomes().get(149).message())
                .startsWith("the import stopped after the hub refused the request for lines 2-101");
        assertThat(countDevices("STARTSWITH(deviceId, 'refused-')")).isZero();
    }

    @Test
    void aFileThatCannotBeImportedSaysWhyAndCannotBeImported() throws Exception {
        DeviceImportViewModel model = viewModel();
        model.choose(csv("names.csv", "name\nsensor-1\n"));
        assertThat(model.fileProblemProperty().get()).contains("column \"name\" is not one of id");
        assertThat(model.canImportProperty().get()).isFalse();
        assertThat(model.preview()).isEmpty();
    }

    private static long countDevices(String condition) throws Exception {
        QueryPageOptions options = QueryPageOptions.builder().pageSize(100).build();
        RawQueryResponse response = connection.queries().queryRaw(
                "SELECT COUNT() AS n FROM devices WHERE " + condition, options);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.next(options)).path("n").asLong();
    }
}
