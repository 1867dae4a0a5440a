package dev.twinops.console.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts a chosen package file where simulated devices may read it: they read {@code file:} firmware only under the
 * firmware folder of the TwinOps home (or the temp directory), so a package from anywhere else is copied there
 * first. A file already in the folder is used as it is; a different file of the same name gets a name of its own
 * (its SHA-256's first digits), so an earlier package a rollout still points to is never replaced. Blocking.
 */
public final class FirmwareStaging {

    private FirmwareStaging() {
    }

    /** The path devices are given for {@code file} (whose SHA-256 is {@code sha256}): in {@code directory}. */
    public static Path stage(Path file, String sha256, Path directory) throws IOException {
        Path source = file.toAbsolutePath().normalize();
        Path folder = directory.toAbsolutePath().normalize();
        if (source.startsWith(folder)) {
            return source;
        }
        Files.createDirectories(folder);
        Path target = folder.resolve(source.getFileName().toString());
        if (Files.exists(target) && !sha256.equalsIgnoreCase(PackageDigest.sha256(target))) {
            target = folder.resolve(sha256.substring(0, 12) + "-" + source.getFileName());
        }
        if (Files.exists(target) && sha256.equalsIgnoreCase(PackageDigest.sha256(target))) {
            return target;
        }
        Path partial = folder.resolve(target.getFileName() + ".part");
        Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
        // complete or absent: a half-copied package never looks like one
        return Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
