package dev.twinops.console.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file through a temporary file in the same directory and a rename, so a crash leaves the old content or
 * the new, never half of either. Files that hold secrets are created owner-only (rw-------) from the start.
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code text} (UTF-8), readable and writable by its owner only. */
    public static void writeOwnerOnly(Path target, String text) throws IOException {
        write(target, text, true);
    }

    /** Replaces {@code target} with {@code text} (UTF-8), for a file that holds nothing secret (no permissions set). */
    public static void write(Path target, String text) throws IOException {
        write(target, text, false);
    }

    private static void write(Path target, String text, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = ownerOnly && FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        // Created owner-only, so a secret is never readable by others, not even before the rename.
        Path tmp = posix
                ? Files.createTempFile(dir, "." + target.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_RW))
                : Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (posix) {
                Files.setPosixFilePermissions(target, OWNER_RW);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
