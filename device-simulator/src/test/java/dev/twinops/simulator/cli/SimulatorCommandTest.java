package dev.twinops.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinops.simulator.faults.FaultKind;
import dev.twinops.simulator.fleet.FleetConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulatorCommandTest {

    @TempDir
    Path dir;

    private Path hubData() throws Exception {
        Files.writeString(dir.resolve("connection.json"), "{\"hostName\":\"127.0.0.9\",\"serviceEndpoint\":\"127.0.0.9:8443\","
                + "\"serviceConnectionString\":\"HostName=127.0.0.9;SharedAccessKeyName=iothubowner;SharedAccessKey=c2VjcmV0\","
                + "\"caCertificatePath\":\"" + dir.resolve("ca.pem") + "\"}");
        return dir;
    }

    private static FleetConfig parse(String... args) throws Exception {
        return parse(name -> null, args);
    }

    private static FleetConfig parse(java.util.function.Function<String, String> environment, String... args)
            throws Exception {
        SimulatorCommand command = new SimulatorCommand(environment);
        new CommandLine(command).parseArgs(args);
        return command.toConfig();
    }

    @Test
    void optionsBecomeAFleetConfiguration() throws Exception {
        FleetConfig c = parse("--hub-data", hubData().toString(), "--count", "25", "--prefix", "edge-", "--profile",
                "flaky", "--fault", "hang=0", "--seed", "9", "--boot-time", "500ms", "--bandwidth", "512KB/s");
        assertThat(c.count()).isEqualTo(25);
        assertThat(c.deviceId(1)).isEqualTo("edge-0001");
        assertThat(c.faults().probability(FaultKind.HANG)).isZero();
        assertThat(c.faults().probability(FaultKind.DOWNLOAD_FAILURE)).isPositive();
        assertThat(c.seed()).isEqualTo(9);
        assertThat(c.bootTime()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.bandwidthBytesPerSecond()).isEqualTo(512 * 1024);
        assertThat(c.hub().serviceEndpoint()).isEqualTo("127.0.0.9:8443");
        assertThat(c.hub().hasCustomServiceEndpoint()).isTrue();
        assertThat(c.hub().toString()).doesNotContain("c2VjcmV0");
    }

    @Test
    void azureTargetUsesTheConnectionStringHost() throws Exception {
        FleetConfig c = parse("--connection-string",
                "HostName=myhub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=c2VjcmV0", "--count", "1");
        assertThat(c.hub().deviceHostName()).isEqualTo("myhub.azure-devices.net");
        assertThat(c.hub().hasCustomServiceEndpoint()).isFalse();
        assertThat(c.hub().caCertificate()).isNull();
    }

    @Test
    void withoutATargetOptionTheConnectionStringComesFromTheEnvironment() throws Exception {
        String cs = "HostName=envhub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=c2VjcmV0";
        FleetConfig c = parse(name -> name.equals(SimulatorCommand.CONNECTION_STRING_ENV) ? cs : null, "--count", "2");
        assertThat(c.hub().deviceHostName()).isEqualTo("envhub.azure-devices.net");
        // an option still wins over the environment
        FleetConfig local = parse(name -> cs, "--hub-data", hubData().toString(), "--count", "2");
        assertThat(local.hub().serviceEndpoint()).isEqualTo("127.0.0.9:8443");
    }

    @Test
    void badValuesAreExplained() throws Exception {
        Path data = hubData();
        assertThatThrownBy(() -> parse("--hub-data", data.toString(), "--count", "0"))
                .hasMessageContaining("device count must be between 1 and 10000");
        assertThatThrownBy(() -> parse("--hub-data", data.toString(), "--count", "1", "--profile", "wild"))
                .hasMessageContaining("unknown fault profile 'wild' (known: none, flaky, chaos)");
        assertThatThrownBy(() -> parse("--hub-data", data.toString(), "--count", "1", "--bandwidth", "fast"))
                .hasMessageContaining("--bandwidth: 'fast' is not a bandwidth");
        assertThatThrownBy(() -> parse("--hub-data", data.toString(), "--count", "1", "--boot-time", "soon"))
                .hasMessageContaining("--boot-time: 'soon' is not a duration");
        assertThatThrownBy(() -> parse("--connection-string", "HostName=h.net;SharedAccessKey=abc", "--count", "1"))
                .hasMessageContaining("no SharedAccessKeyName").hasMessageNotContaining("abc");
        assertThatThrownBy(() -> parse("--hub-data", dir.resolve("missing").toString(), "--count", "1"))
                .hasMessageContaining("no connection.json");
    }

    @Test
    void badArgumentsExitWithOneLineAndStatus2() {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = SimulatorCommand.run(new SimulatorCommand(name -> null), "--count", "3");
        } finally {
            System.setErr(originalErr);
        }
        assertThat(code).isEqualTo(2);
        String out = err.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).hasSize(1);
        assertThat(out).startsWith("device-simulator: no hub: give --hub-data DIR (local hub) or --connection-string CS")
                .contains(SimulatorCommand.CONNECTION_STRING_ENV);
    }

    @Test
    void quantitiesParse() {
        assertThat(Quantities.duration("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Quantities.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Quantities.duration("750ms")).isEqualTo(Duration.ofMillis(750));
        assertThat(Quantities.duration("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Quantities.bytesPerSecond("2MB/s")).isEqualTo(2 * 1024 * 1024);
        assertThat(Quantities.bytesPerSecond("100kb")).isEqualTo(100 * 1024);
        assertThat(Quantities.bytesPerSecond("unlimited")).isZero();
        assertThat(Quantities.bytesPerSecond("1000")).isEqualTo(1000);
    }

    @Test
    void firmwareSourcesAndTheSizeLimitComeFromOptions() throws Exception {
        Path data = hubData();
        FleetConfig defaults = parse("--hub-data", data.toString(), "--count", "1");
        assertThat(defaults.downloadPolicy().maxPackageBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(defaults.downloadPolicy().directories()).contains(
                Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());

        Path packages = Files.createDirectories(dir.resolve("packages"));
        Path image = Files.write(packages.resolve("fw.bin"), new byte[] {1});
        FleetConfig c = parse("--hub-data", data.toString(), "--count", "1", "--firmware-source", packages.toString(),
                "--firmware-source", "https://fw.example.com/releases/", "--max-firmware-size", "8MiB");
        assertThat(c.downloadPolicy().directories()).containsExactly(packages.toAbsolutePath());
        assertThat(c.downloadPolicy().maxPackageBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(c.downloadPolicy().allowedFile(image.toUri())).isEqualTo(image.toRealPath());
        c.downloadPolicy().checkUrl(java.net.URI.create("https://fw.example.com/releases/fw.bin"));
        assertThatThrownBy(() -> c.downloadPolicy().checkUrl(
                java.net.URI.create("https://acct.blob.core.windows.net/fw.bin"))).as("defaults replaced")
                .isInstanceOf(dev.twinops.simulator.firmware.DownloadPolicy.NotAllowedException.class);

        FleetConfig none = parse("--hub-data", data.toString(), "--count", "1", "--firmware-source", "none");
        assertThat(none.downloadPolicy().directories()).isEmpty();
        assertThatThrownBy(() -> none.downloadPolicy().allowedFile(image.toUri()))
                .isInstanceOf(dev.twinops.simulator.firmware.DownloadPolicy.NotAllowedException.class);

        assertThatThrownBy(() -> parse("--hub-data", data.toString(), "--count", "1", "--max-firmware-size", "big"))
                .hasMessageContaining("--max-firmware-size: 'big' is not a size");
        assertThatThrownBy(() -> parse("--hub-data", data.toString(), "--count", "1", "--firmware-source",
                "http://[bad")).hasMessageStartingWith("--firmware-source: ");
    }

    @Test
    void sizesParse() {
        assertThat(Quantities.bytes("64MiB")).isEqualTo(64L * 1024 * 1024);
        assertThat(Quantities.bytes("512KB")).isEqualTo(512 * 1024);
        assertThat(Quantities.bytes("1gb")).isEqualTo(1024L * 1024 * 1024);
        assertThat(Quantities.bytes("1000")).isEqualTo(1000);
        assertThatThrownBy(() -> Quantities.bytes("0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> Quantities.bytes("2MB/s")).hasMessageContaining("not a size");
    }

    @Test
    void aShapeFileGivesTheDevicesTheirIdsFirmwareVersionsAndDeviceInfo() throws Exception {
        Path shape = dir.resolve("shape.json");
        Files.writeString(shape, "{\"formatVersion\":1,\"devices\":[{\"deviceId\":\"r-a\",\"tags\":{\"site\":\"x\"},"
                + "\"firmwareVersion\":\"1.2.3\",\"deviceInfo\":{\"manufacturer\":\"M\",\"model\":\"X\","
                + "\"serialNumber\":\"S\"}},{\"deviceId\":\"r-b\"}]}");

        FleetConfig c = parse("--hub-data", hubData().toString(), "--shape", shape.toString(), "--profile", "flaky",
                "--seed", "4");

        assertThat(c.count()).isEqualTo(2);
        assertThat(c.deviceId(1)).isEqualTo("r-a");
        assertThat(c.deviceId(2)).isEqualTo("r-b");
        assertThat(c.firmwareVersion(1)).isEqualTo("1.2.3");
        assertThat(c.firmwareVersion(2)).isEqualTo("1.0.0");
        assertThat(c.deviceInfo(1).model()).isEqualTo("X");
        assertThat(c.tags(1)).containsEntry("site", "x");
        assertThat(c.seed()).isEqualTo(4);
        assertThat(c.faults().probability(FaultKind.DOWNLOAD_FAILURE)).isPositive();
    }

    @Test
    void aShapeAndACountOrNeitherAreRefusedWithAReason() throws Exception {
        Path shape = dir.resolve("shape.json");
        Files.writeString(shape, "{\"formatVersion\":1,\"devices\":[{\"deviceId\":\"r-a\"},{\"deviceId\":\"r-a\"}]}");
        String hub = hubData().toString();

        assertThatThrownBy(() -> parse("--hub-data", hub, "--shape", shape.toString(), "--count", "3"))
                .hasMessageContaining("--count and --shape exclude each other");
        assertThatThrownBy(() -> parse("--hub-data", hub)).hasMessageContaining("give --count N, or --shape FILE");
        assertThatThrownBy(() -> parse("--hub-data", hub, "--shape", shape.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'r-a' is named twice");
    }

    @Test
    void firstPicksAPartOfTheFleetWhoseDevicesKeepTheirIdsAndTags() throws Exception {
        String hub = hubData().toString();
        FleetConfig whole = parse("--hub-data", hub, "--count", "1000", "--prefix", "plant-");
        FleetConfig part = parse("--hub-data", hub, "--first", "251", "--count", "250", "--prefix", "plant-");

        assertThat(part.count()).isEqualTo(250);
        assertThat(part.first()).isEqualTo(251);
        assertThat(part.deviceId(1)).isEqualTo("plant-0251").isEqualTo(whole.deviceId(251));
        assertThat(part.deviceId(250)).isEqualTo("plant-0500");
        assertThat(part.tags(7)).isEqualTo(whole.tags(257));
        assertThat(part.deviceInfo(7)).isEqualTo(whole.deviceInfo(257));
    }

    @Test
    void firstPicksAPartOfAShapeUpToItsEndOrCountDevices() throws Exception {
        Path shape = dir.resolve("three.json");
        Files.writeString(shape, "{\"formatVersion\":1,\"devices\":[{\"deviceId\":\"r-a\"},{\"deviceId\":\"r-b\","
                + "\"firmwareVersion\":\"2.0.0\"},{\"deviceId\":\"r-c\"}]}");
        String hub = hubData().toString();

        FleetConfig rest = parse("--hub-data", hub, "--shape", shape.toString(), "--first", "2");
        assertThat(rest.count()).isEqualTo(2);
        assertThat(rest.deviceId(1)).isEqualTo("r-b");
        assertThat(rest.firmwareVersion(1)).isEqualTo("2.0.0");
        assertThat(rest.deviceId(2)).isEqualTo("r-c");
        FleetConfig one = parse("--hub-data", hub, "--shape", shape.toString(), "--first", "2", "--count", "1");
        assertThat(one.count()).isEqualTo(1);

        assertThatThrownBy(() -> parse("--hub-data", hub, "--shape", shape.toString(), "--first", "3", "--count", "2"))
                .hasMessage("devices 3..4 are not all in the shape's 3 devices");
        assertThatThrownBy(() -> parse("--hub-data", hub, "--shape", shape.toString(), "--first", "4"))
                .hasMessageContaining("not all in the shape's 3 devices");
        assertThatThrownBy(() -> parse("--hub-data", hub, "--first", "9999", "--count", "5"))
                .hasMessage("devices 9999..10003 go beyond the 10000 a fleet may have");
        assertThatThrownBy(() -> parse("--hub-data", hub, "--first", "0", "--count", "5"))
                .hasMessageContaining("the first device must be between 1 and 10000, got 0");
    }
}
