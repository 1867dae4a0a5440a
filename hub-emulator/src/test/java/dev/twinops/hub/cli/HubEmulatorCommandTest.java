package dev.twinops.hub.cli;

import com.azure.core.credential.AzureSasCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import dev.twinops.hub.testing.LoopbackAddresses;
import dev.twinops.hubclient.trust.PerHubTrust;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The standalone hub as an operator runs it: a separate JVM with {@link HubEmulatorCommand} as main class (the
 * class the runnable jar's manifest names), on the test classpath.
 */
class HubEmulatorCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    private Process launch(Path out, Path err, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                HubEmulatorCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    @Test
    void startsWritesConnectionJsonAnswersQueriesAndStopsCleanlyOnSigterm() throws Exception {
        Path data = workDir.resolve("data");
        String bind = LoopbackAddresses.random();
        Path out = workDir.resolve("out.log");
        Path err = workDir.resolve("err.log");
        Process hub = launch(out, err, "--data", data.toString(), "--bind", bind, "--https-port", "8443",
                "--tier", "S2", "--units", "3");
        try {
            Path connectionFile = data.resolve("connection.json");
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(connectionFile) || !hub.isAlive());
            assertThat(hub.isAlive()).as("hub process alive; stderr: %s", Files.readString(err)).isTrue();

            assertThat(Files.getPosixFilePermissions(connectionFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            JsonNode connection = JSON.readTree(connectionFile.toFile());
            assertThat(connection.get("hostName").asText()).isEqualTo(bind);
            assertThat(connection.get("serviceEndpoint").asText()).isEqualTo(bind + ":8443");
            assertThat(connection.get("tier").asText()).isEqualTo("S2");
            assertThat(connection.get("units").asInt()).isEqualTo(3);
            Path ca = Path.of(connection.get("caCertificatePath").asText());
            assertThat(ca).exists();
            String cs = connection.get("serviceConnectionString").asText();
            assertThat(cs).startsWith("HostName=" + bind + ";SharedAccessKeyName=iothubowner;");

            PerHubTrust.jvm().trust(connection.get("serviceEndpoint").asText(), ca);
            AzureSasCredential credential = new AzureSasCredential(new IotHubServiceSasToken(
                    IotHubConnectionStringBuilder.createIotHubConnectionString(cs)).toString());
            new RegistryClient(connection.get("serviceEndpoint").asText(), credential).addDevice(new Device("cli-1"));
            assertThat(new QueryClient(connection.get("serviceEndpoint").asText(), credential)
                    .queryTwins("SELECT * FROM devices").next().getDeviceId()).isEqualTo("cli-1");

            hub.destroy(); // SIGTERM
            assertThat(hub.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // the JVM reports termination by SIGTERM as 143 after running the shutdown hook
            assertThat(hub.exitValue()).isEqualTo(143);
            assertThat(connectionFile).doesNotExist();
            String log = Files.readString(out) + Files.readString(err);
            assertThat(log).contains("Hub emulator ready: service endpoint https://" + bind + ":8443, device endpoint mqtts://"
                    + bind + ":8883");
            assertThat(log).contains("stopped");
            String key = cs.substring(cs.indexOf("SharedAccessKey=") + "SharedAccessKey=".length());
            assertThat(log).doesNotContain(key);
        } finally {
            hub.destroyForcibly();
        }
    }

    @Test
    void aMissingDataOptionIsAOneLineErrorAndExitCode2() throws Exception {
        Path out = workDir.resolve("out.log");
        Path err = workDir.resolve("err.log");
        Process p = launch(out, err, "--bind", "127.0.0.1");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        List<String> lines = Files.readAllLines(err);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("hub-emulator: ").contains("--data");
    }

    @Test
    void aTakenPortIsAOneLineErrorNamingItAndExitCode1() throws Exception {
        String bind = LoopbackAddresses.random();
        Path out = workDir.resolve("out.log");
        Path err = workDir.resolve("err.log");
        try (ServerSocket taken = new ServerSocket(8443, 1, InetAddress.getByName(bind))) {
            Process p = launch(out, err, "--data", workDir.resolve("data").toString(), "--bind", bind);
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
        }
        List<String> lines = Files.readAllLines(err);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("hub-emulator: ").contains(bind + ":8443");
    }

    @Test
    void anUnusableDataDirectoryIsAOneLineErrorAndExitCode1() throws Exception {
        Path file = Files.writeString(workDir.resolve("plain-file"), "x");
        Path out = workDir.resolve("out.log");
        Path err = workDir.resolve("err.log");
        Process p = launch(out, err, "--data", file + File.separator + "data", "--bind", LoopbackAddresses.random());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        List<String> lines = Files.readAllLines(err);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("plain-file").contains("not usable");
    }
}
