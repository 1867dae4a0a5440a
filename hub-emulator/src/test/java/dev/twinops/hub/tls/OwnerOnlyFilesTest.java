package dev.twinops.hub.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OwnerOnlyFilesTest {

    @TempDir
    Path dir;

    @Test
    void theHubsOwnFilesAreAdopted() throws Exception {
        Path key = dir.resolve("ca.key");
        OwnerOnlyFiles.writeString(key, "secret");
        Path certificate = dir.resolve("ca.pem");
        OwnerOnlyFiles.writePublicString(certificate, "public");
        Files.setPosixFilePermissions(certificate, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatCode(() -> OwnerOnlyFiles.checkAdoptable(key, true)).doesNotThrowAnyException();
        assertThatCode(() -> OwnerOnlyFiles.checkAdoptable(certificate, false)).doesNotThrowAnyException();
    }

    @Test
    void aSecretOthersCanReadIsRefusedWithWhatToDo() throws Exception {
        Path key = dir.resolve("service-policies.json");
        OwnerOnlyFiles.writeString(key, "{}");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> OwnerOnlyFiles.checkAdoptable(key, true)).isInstanceOf(IOException.class)
                .hasMessageContaining("service-policies.json has permissions rw-r--r--")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void aPublicFileOthersCanChangeIsRefused() throws Exception {
        Path certificate = dir.resolve("ca.pem");
        OwnerOnlyFiles.writePublicString(certificate, "public");
        Files.setPosixFilePermissions(certificate, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(() -> OwnerOnlyFiles.checkAdoptable(certificate, false))
                .hasMessageContaining("others may have changed it");
    }

    @Test
    void aSymbolicLinkIsRefusedEvenToAnOwnerOnlyFile() throws Exception {
        Path target = dir.resolve("elsewhere.key");
        OwnerOnlyFiles.writeString(target, "secret");
        Path link = Files.createSymbolicLink(dir.resolve("ca.key"), target);
        assertThatThrownBy(() -> OwnerOnlyFiles.checkAdoptable(link, true)).hasMessageContaining("symbolic link");
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws Exception {
        Path key = dir.resolve("ca.key");
        OwnerOnlyFiles.writeString(key, "secret");
        UserPrincipal nobody;
        try {
            nobody = key.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(key, nobody);
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "giving a file to another user needs root: " + e);
            return;
        }
        assertThatThrownBy(() -> OwnerOnlyFiles.checkAdoptable(key, true)).hasMessageContaining("belongs to nobody");
    }
}
