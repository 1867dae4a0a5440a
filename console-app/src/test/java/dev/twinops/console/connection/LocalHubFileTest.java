package dev.twinops.console.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.twinops.limits.IotHubTier;

/** Reading what a local hub wrote, and saying plainly what is wrong when it cannot be read. */
class LocalHubFileTest {

    private static final String CS = "HostName=127.0.0.9;SharedAccessKeyName=iothubowner;"
            + "SharedAccessKey=c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LWtleQ==";

    @TempDir
    Path dir;

    private Path hubData(String extraJson) throws Exception {
        Path data = Files.createDirectories(dir.resolve("staging"));
        Path ca = Files.createDirectories(data.resolve("tls")).resolve("ca.pem");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        Files.writeString(data.resolve("connection.json"), "{\"hostName\":\"127.0.0.9\",\"serviceEndpoint\":"
                + "\"127.0.0.9:8443\",\"serviceConnectionString\":\"" + CS + "\",\"caCertificatePath\":\""
                + ca + "\",\"deviceEndpoint\":\"127.0.0.9:8883\"" + extraJson + "}");
        return data;
    }

    @Test
    void readsAHubByItsDataDirectoryOrItsFileWithTheTierItStates() throws Exception {
        Path data = hubData(",\"tier\":\"S1\",\"units\":2");

        LocalHubFile byDirectory = LocalHubFile.read(data);
        LocalHubFile byFile = LocalHubFile.read(data.resolve("connection.json"));

        assertThat(byDirectory).isEqualTo(byFile);
        assertThat(byDirectory.serviceEndpoint()).isEqualTo("127.0.0.9:8443");
        assertThat(byDirectory.hostName()).isEqualTo("127.0.0.9");
        assertThat(byDirectory.caCertificate()).isEqualTo(data.resolve("tls/ca.pem"));
        assertThat(byDirectory.dataDirectory()).isEqualTo(data.toAbsolutePath());
        assertThat(byDirectory.tier()).contains(LocalHubTier.of(IotHubTier.S1, 2));
        assertThat(byDirectory.toString()).doesNotContain("SharedAccessKey").contains("S1, 2 units");
    }

    @Test
    void aFileFromBeforeHubsStatedTheirTierIsStillReadWithoutATier() throws Exception {
        assertThat(LocalHubFile.read(hubData("")).tier()).isEmpty();
        assertThat(LocalHubFile.read(hubData(",\"tier\":\"unlimited\",\"units\":0")).tier())
                .contains(LocalHubTier.UNLIMITED);
    }

    @Test
    void aCaPathFromAnotherMachineIsFoundInTheDataDirectory() throws Exception {
        Path data = hubData("");
        String json = Files.readString(data.resolve("connection.json"))
                .replace(data.resolve("tls/ca.pem").toString(), "/data/in/the/container/tls/ca.pem");
        Files.writeString(data.resolve("connection.json"), json);

        assertThat(LocalHubFile.read(data).caCertificate()).isEqualTo(data.toAbsolutePath().resolve("tls/ca.pem"));
    }

    @Test
    void eachProblemGetsAMessageTheOperatorCanActOn() throws Exception {
        assertThatThrownBy(() -> LocalHubFile.read(dir.resolve("nowhere")))
                .isInstanceOf(LocalHubFileException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> LocalHubFile.read(Path.of("")))
                .hasMessageStartingWith("Choose the hub's data directory");

        Path plain = Files.createDirectories(dir.resolve("photos"));
        assertThatThrownBy(() -> LocalHubFile.read(plain))
                .hasMessage(plain.toAbsolutePath() + " is not a local hub's data directory: it has no connection.json.");

        Path stopped = hubData("");
        Files.delete(stopped.resolve("connection.json"));
        assertThatThrownBy(() -> LocalHubFile.read(stopped))
                .hasMessageStartingWith("No hub is running on " + stopped.toAbsolutePath())
                .hasMessageContaining("java -jar hub-emulator.jar --data " + stopped.toAbsolutePath());

        Path notJson = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> LocalHubFile.read(notJson)).hasMessageContaining("is not a local hub's connection file");

        Path missing = Files.writeString(dir.resolve("partial.json"), "{\"hostName\":\"127.0.0.9\"}");
        assertThatThrownBy(() -> LocalHubFile.read(missing)).hasMessageContaining("needs hostName, serviceEndpoint");

        Path noCa = hubData("");
        Files.delete(noCa.resolve("tls/ca.pem"));
        assertThatThrownBy(() -> LocalHubFile.read(noCa)).hasMessageContaining("CA certificate")
                .hasMessageContaining("cannot be read");
    }
}
