package dev.twinops.hub.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes files that hold secrets so that only the owner can read them, and never half-written; checks files found
 * on disk before the hub adopts them.
 */
public final class OwnerOnlyFiles {
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_RW_OTHERS_R = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = PosixFilePermissions.fromString("---rwxrwx");
    private static final Set<PosixFilePermission> WRITE_BY_GROUP_OR_OTHERS = PosixFilePermissions.fromString("----w--w-");

    private OwnerOnlyFiles() {
    }

    /** Writes {@code text} to {@code target} atomically (temp file, then rename) with permissions rw-------. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Writes a file that holds nothing secret (e.g. a certificate), atomically, with permissions rw-r--r--. */
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
            if (posix) {
                // whatever the umask: a public file, too, is changed by its owner only (checkAdoptable insists)
                Files.setPosixFilePermissions(target, ownerOnly ? OWNER_RW : OWNER_RW_OTHERS_R);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Checks a file the hub found on disk before it adopts it (keys, policies, its databases, its CA certificate):
     * it must be a regular file (not a symbolic link) owned by the user the hub runs as, writable by nobody else
     * and, if it holds secrets, readable by nobody else. Silently tightening the permissions instead would adopt
     * keys that may already have leaked, or a certificate or database someone else could have replaced.
     *
     * @param secret whether the file holds keys (then group and others may not even read it)
     * @throws IOException naming the file, what is wrong and what to do; nothing is checked where the file system
     *                     has no POSIX permissions
     */
    public static void checkAdoptable(Path file, boolean secret) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new IOException(file + " is " + (attributes.isSymbolicLink() ? "a symbolic link" : "not a regular file")
                    + ": the hub only uses files it created itself; remove it to have the hub create a new one");
        }
        UserPrincipal self = currentUser(file.toAbsolutePath().getParent());
        if (!attributes.owner().equals(self)) {
            throw new IOException(file + " belongs to " + attributes.owner().getName() + ", not to " + self.getName()
                    + " who runs the hub: check where it came from, then chown it, or remove it to have the hub"
                    + " create a new one");
        }
        Set<PosixFilePermission> others = EnumSet.copyOf(attributes.permissions());
        others.retainAll(secret ? GROUP_OR_OTHERS : WRITE_BY_GROUP_OR_OTHERS);
        if (!others.isEmpty()) {
            throw new IOException(file + " has permissions " + PosixFilePermissions.toString(attributes.permissions())
                    + (secret ? ": its keys may have been read by others. If they cannot have been, make it owner-only"
                            + " (chmod 600); otherwise remove it to have the hub create new keys"
                            : ": others may have changed it. If they cannot have, make it writable by its owner only"
                            + " (chmod go-w); otherwise remove it"));
        }
    }

    /** The user new files are created as: the owner of a file just created in {@code directory}. */
    private static UserPrincipal currentUser(Path directory) throws IOException {
        Path probe = Files.createTempFile(directory, ".owner", ".tmp");
        try {
            return Files.getOwner(probe);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnlyAttribute() {
        return PosixFilePermissions.asFileAttribute(OWNER_RW);
    }
}
