package dev.twinops.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedConnectionsStoreTest {

    private static final String KEY = "c2VjcmV0LWtleS10aGF0LWlzLTMyLWJ5dGVzLWxvbmc=";

    @TempDir
    Path home;

    @Test
    void savedConnectionsComeBackAndOnlyTheOwnerCanReadThem() throws Exception {
        Path file = home.resolve("connections.json");
        SavedConnectionsStore store = new SavedConnectionsStore(file);
        SavedConnection prod = new SavedConnection("production", ServiceConnectionString.parse(
                "HostName=prod-hub.azure-devices.net;SharedAccessKeyName=service;SharedAccessKey=" + KEY));

        store.save(List.of(prod));

        assertThat(new SavedConnectionsStore(file).load()).containsExactly(prod);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void openedLocalHubsAreSavedByLocationOnlyNextToAzureHubs() throws Exception {
        Path file = home.resolve("connections.json");
        SavedConnectionsStore store = new SavedConnectionsStore(file);
        SavedConnection prod = new SavedConnection("production", ServiceConnectionString.parse(
                "HostName=prod-hub.azure-devices.net;SharedAccessKeyName=service;SharedAccessKey=" + KEY));
        SavedLocalHub staging = new SavedLocalHub("staging", home.resolve("hubs/staging"));

        store.save(List.of(prod), List.of(staging));

        SavedConnectionsStore.Saved saved = new SavedConnectionsStore(file).loadAll();
        assertThat(saved.azure()).containsExactly(prod);
        assertThat(saved.localHubs()).containsExactly(staging);
        // the local hub's entry holds where it is, never its key (that is read from the hub each time)
        String json = Files.readString(file);
        assertThat(json.substring(json.indexOf("\"localHubs\""))).doesNotContain("SharedAccessKey")
                .contains(home.resolve("hubs/staging").toString());
    }

    @Test
    void aFileFromBeforeLocalHubsCouldBeOpenedIsStillRead() throws Exception {
        Path file = home.resolve("connections.json");
        Files.writeString(file, "{\"connections\":[{\"name\":\"production\",\"connectionString\":"
                + "\"HostName=prod-hub.azure-devices.net;SharedAccessKeyName=service;SharedAccessKey=" + KEY + "\"}]}");

        SavedConnectionsStore.Saved saved = new SavedConnectionsStore(file).loadAll();

        assertThat(saved.azure()).extracting(SavedConnection::name).containsExactly("production");
        assertThat(saved.localHubs()).isEmpty();
    }

    @Test
    void anUnreadableFileIsMovedAsideNotOverwritten() throws Exception {
        Path file = home.resolve("connections.json");
        Files.writeString(file, "{ this is not json");

        assertThat(new SavedConnectionsStore(file).load()).isEmpty();

        assertThat(file).doesNotExist();
        try (var files = Files.list(home)) {
            Path aside = files.filter(p -> p.getFileName().toString().startsWith("connections.json.unreadable-"))
                    .findFirst().orElseThrow();
            assertThat(aside).hasContent("{ this is not json");
        }
    }
}
