package dev.twinops.console.operations;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Firmware images to rehearse a rollout with, for someone who has no package at hand: {@code demo-firmware-2.0.0.bin},
 * then {@code 3.0.0} and so on, each a newer major version than any made before in the same directory (simulated
 * devices start at 1.0.0), filled with pseudo-random bytes so a download takes a moment and the checksum means
 * something. The simulated devices download, verify and "install" any file; real devices would reject it.
 */
public final class DemoFirmware {

    /** Large enough for the progress bars to move at the simulator's default 2 MB/s. */
    static final int SIZE_BYTES = 6 * 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("demo-firmware-(\\d+)\\.0\\.0\\.bin");

    private DemoFirmware() {
    }

    /** Writes the next demo image into {@code directory} (created when missing) and returns it. Blocking. */
    public static Path createNext(Path directory) throws IOException {
        Files.createDirectories(directory);
        int major = 1;
        try (Stream<Path> files = Files.list(directory)) {
            major = files.map(f -> NAME.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max().orElse(1);
        }
        int next = major + 1;
        Path image = directory.resolve("demo-firmware-" + next + ".0.0.bin");
        Path partial = directory.resolve(image.getFileName() + ".part");
        Random bytes = new Random(next);
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(partial)) {
            for (int written = 0; written < SIZE_BYTES; written += block.length) {
                bytes.nextBytes(block);
                out.write(block);
            }
        }
        // complete or absent: a half-written image never looks like a package
        return Files.move(partial, image, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
