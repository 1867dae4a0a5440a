package dev.twinops.console.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.twinops.dm.json.DmJson;
import dev.twinops.console.tasks.ExecutorTaskRunner;

class FirmwareUpdateFormTest {

    @TempDir
    Path dir;

    private final List<Runnable> io = new ArrayList<>();

    private FirmwareUpdateForm form(boolean local) {
        return new FirmwareUpdateForm(PackageDigest::sha256, new ExecutorTaskRunner(io::add, Runnable::run), local);
    }

    private void runIo() {
        List<Runnable> pending = List.copyOf(io);
        io.clear();
        pending.forEach(Runnable::run);
    }

    @Test
    void aLocalFileIsHashedOffTheUiThreadAndSentAsAFileUriWithItsSha256() throws Exception {
        Path file = dir.resolve("tx200-2.1.0.bin");
        Files.write(file, "firmware image".getBytes());
        FirmwareUpdateForm form = form(true);

        form.filePathProperty().set(file.toString());
        assertThat(form.hashingProperty().get()).isTrue();
        assertThat(form.toRequest()).isNull(); // still hashing
        assertThat(form.fileMessageProperty().get()).contains("still being computed");
        runIo();

        assertThat(form.checksumProperty().get()).isEqualTo(PackageDigest.sha256(file)).hasSize(64);
        assertThat(form.versionProperty().get()).isEqualTo("2.1.0"); // suggested from the name
        OperationRequest request = form.toRequest();
        JsonNode payload = DmJson.mapper().readTree(request.payloadJson());
        assertThat(payload.path("fwPackageUri").asText()).isEqualTo(file.toUri().toString()).startsWith("file:");
        assertThat(payload.path("fwPackageCheckValue").asText()).isEqualTo(PackageDigest.sha256(file));
        assertThat(payload.path("version").asText()).isEqualTo("2.1.0");
        assertThat(payload.path("operationId").asText()).isEqualTo(request.operationId()).startsWith("op-");
        assertThat(request.targetVersion()).isEqualTo("2.1.0");
    }

    @Test
    void aHashThatArrivesAfterThePathChangedIsDropped() throws Exception {
        Path first = dir.resolve("a.bin");
        Path second = dir.resolve("b.bin");
        Files.write(first, new byte[] {1});
        Files.write(second, new byte[] {2});
        FirmwareUpdateForm form = form(true);
        form.filePathProperty().set(first.toString());
        Runnable firstHash = io.remove(0);
        form.filePathProperty().set(second.toString());
        runIo();
        firstHash.run();

        assertThat(form.checksumProperty().get()).isEqualTo(PackageDigest.sha256(second));
    }

    @Test
    void eachFieldSaysWhatIsWrong() {
        FirmwareUpdateForm form = form(true);
        form.filePathProperty().set(dir.resolve("missing.bin").toString());
        assertThat(form.toRequest()).isNull();
        assertThat(form.fileMessageProperty().get()).isEqualTo("There is no file " + dir.resolve("missing.bin") + ".");
        assertThat(form.versionMessageProperty().get()).startsWith("Give the version");

        form.sourceProperty().set(FirmwareUpdateForm.Source.URL);
        form.urlProperty().set("ftp://fw.example/p.bin");
        form.checksumProperty().set("abc");
        form.versionProperty().set("2.1 beta");
        assertThat(form.toRequest()).isNull();
        assertThat(form.urlMessageProperty().get()).isEqualTo("The URL must start with https:// (or http://).");
        assertThat(form.checksumMessageProperty().get()).isEqualTo("A SHA-256 is 64 hex digits (0-9, a-f); this is 3 characters.");
        assertThat(form.versionMessageProperty().get()).startsWith("Version may only contain letters, digits and . _ + -");

        form.urlProperty().set("https://fw.example/p.bin?sv=2024&sig=secret");
        form.checksumProperty().set("E".repeat(64));
        form.versionProperty().set("2.1.0-beta");
        OperationRequest request = form.toRequest();
        assertThat(request).isNotNull();
        assertThat(form.urlMessageProperty().get()).isEmpty();
        assertThat(request.payloadJson()).contains("\"fwPackageCheckValue\":\"" + "e".repeat(64) + "\"");
    }

    @Test
    void devicesOnAzureCannotReadALocalFile() throws Exception {
        FirmwareUpdateForm form = form(false);
        assertThat(form.sourceProperty().get()).isEqualTo(FirmwareUpdateForm.Source.URL);
        Path file = dir.resolve("p-2.0.0.bin");
        Files.write(file, new byte[] {1, 2, 3});
        form.sourceProperty().set(FirmwareUpdateForm.Source.FILE);
        form.filePathProperty().set(file.toString());
        runIo();

        assertThat(form.toRequest()).isNull();
        assertThat(form.fileMessageProperty().get()).startsWith("Devices connected to Azure cannot read a file");
    }

    @Test
    void aDemoImageIsWrittenOffTheUiThreadAndBecomesThePackageEachANewerVersion() throws Exception {
        Path demos = dir.resolve("firmware");
        FirmwareUpdateForm form = form(true);
        form.offerDemoImages(demos);
        form.versionProperty().set("9.9.9");
        assertThat(form.offersDemoImages()).isTrue();

        form.createDemoImage();
        assertThat(form.creatingDemoProperty().get()).isTrue();
        assertThat(demos).doesNotExist(); // nothing written on the calling (FX) thread
        runIo(); // writes the image, then hands the path over, which starts hashing
        runIo();

        Path image = demos.resolve("demo-firmware-2.0.0.bin");
        assertThat(form.creatingDemoProperty().get()).isFalse();
        assertThat(form.filePathProperty().get()).isEqualTo(image.toString());
        assertThat(Files.size(image)).isEqualTo(DemoFirmware.SIZE_BYTES);
        assertThat(form.versionProperty().get()).isEqualTo("2.0.0");
        assertThat(form.checksumProperty().get()).isEqualTo(PackageDigest.sha256(image));
        assertThat(form.toRequest().targetVersion()).isEqualTo("2.0.0");

        form.createDemoImage();
        runIo();
        runIo();
        assertThat(form.filePathProperty().get()).isEqualTo(demos.resolve("demo-firmware-3.0.0.bin").toString());
        assertThat(form.versionProperty().get()).isEqualTo("3.0.0");
        assertThat(PackageDigest.sha256(demos.resolve("demo-firmware-3.0.0.bin")))
                .isNotEqualTo(PackageDigest.sha256(image));
    }

    @Test
    void devicesElsewhereGetNoDemoImageTheyCouldNotRead() {
        FirmwareUpdateForm form = form(false);
        form.offerDemoImages(dir);
        assertThat(form.offersDemoImages()).isFalse();
        form.createDemoImage();
        assertThat(io).isEmpty();
    }

    @Test
    void aFileFromElsewhereIsCopiedIntoTheFirmwareFolderAndSentFromThere() throws Exception {
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        Path file = downloads.resolve("tx200-2.1.0.bin");
        Files.write(file, "firmware image".getBytes());
        Path firmwareFolder = dir.resolve("home").resolve("firmware");
        Files.createDirectories(firmwareFolder);
        Files.write(firmwareFolder.resolve("tx200-2.1.0.bin"), "an older image of the same name".getBytes());
        FirmwareUpdateForm form = form(true);
        form.stageFilesIn(firmwareFolder);

        form.filePathProperty().set(file.toString());
        runIo();

        String sha = PackageDigest.sha256(file);
        JsonNode payload = DmJson.mapper().readTree(form.toRequest().payloadJson());
        Path sent = Path.of(java.net.URI.create(payload.path("fwPackageUri").asText()));
        assertThat(sent.getParent()).isEqualTo(firmwareFolder.toAbsolutePath());
        assertThat(sent.getFileName().toString()).isEqualTo(sha.substring(0, 12) + "-tx200-2.1.0.bin");
        assertThat(PackageDigest.sha256(sent)).isEqualTo(sha);
        assertThat(Files.readString(firmwareFolder.resolve("tx200-2.1.0.bin"))).isEqualTo("an older image of the same name");

        // a file already in the folder is sent from where it is, without a copy
        form.filePathProperty().set(sent.toString());
        runIo();
        assertThat(DmJson.mapper().readTree(form.toRequest().payloadJson()).path("fwPackageUri").asText())
                .isEqualTo(sent.toUri().toString());
        try (var files = Files.list(firmwareFolder)) {
            assertThat(files.count()).isEqualTo(2);
        }
    }
}
