package dev.twinops.hub.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes files that hold secrets so that only the owner can read them, and never half-written. */
public final class OwnerOnlyFiles {
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    /** Writes {@code text} to {@code target} atomically (temp file, then rename) with permissions rw-------. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Writes a file that holds nothing secret (e.g. a certificate), atomically, with default permissions. */
    public static void writePublicString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8), false);
    }

    private static void write(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        // The temporary file is created owner-only, so the secret is never readable by others, not even briefly.
        Path tmp = posix && ownerOnly
                ? Files.createTempFile(dir, "." + target.getFileName(), ".tmp", ownerOnlyAttribute())
                : Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (posix && ownerOnly) {
                Files.setPosixFilePermissions(target, OWNER_RW);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes an existing file owner-only (rw-------) where the file system supports POSIX permissions. */
    public static void restrictToOwner(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, OWNER_RW);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnlyAttribute() {
        return PosixFilePermissions.asFileAttribute(OWNER_RW);
    }
}
