package dev.twinops.console.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path home;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    }

    private List<String> namesIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aSecretFileIsOwnerOnlyEvenWhenItReplacesAWiderOne() throws Exception {
        Path file = home.resolve("nested/dir/connections.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        AtomicFiles.writeOwnerOnly(file, "{\"key\":\"é\"}");

        assertThat(file).hasContent("{\"key\":\"é\"}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(namesIn(file.getParent())).containsExactly("connections.json");
    }

    @Test
    void aPlainFileIsReplacedWholeWithNoLeftovers() throws Exception {
        Path file = home.resolve("queries.json");

        AtomicFiles.write(file, "first");
        AtomicFiles.write(file, "second");

        assertThat(file).hasContent("second");
        assertThat(namesIn(home)).containsExactly("queries.json");
    }
}
