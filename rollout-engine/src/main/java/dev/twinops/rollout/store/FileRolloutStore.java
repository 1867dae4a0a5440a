package dev.twinops.rollout.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.twinops.rollout.engine.RolloutState;
import dev.twinops.rollout.files.OwnerOnlyFiles;
import dev.twinops.rollout.json.RolloutJson;
import dev.twinops.rollout.plan.PlanJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rollout states as JSON files {@code <home>/rollouts/<id>.json}, owner-only, each save an atomic replace. The
 * lease on a rollout is an OS file lock on {@code <id>.lock} beside it: the console and the command line, in any
 * number of processes, exclude each other, and a process that dies releases it with its open files.
 */
public final class FileRolloutStore implements RolloutStore {

    /**
     * The locked byte lies past the holder's note, so the note stays readable where locks are mandatory (Windows).
     */
    private static final long LOCKED_BYTE = Long.MAX_VALUE - 1;
    /**
     * Lock files this process holds. Checked before a lock file is opened: within one process a second channel on a
     * locked file must not be opened (closing it would drop the first channel's lock on some systems).
     */
    private static final Map<Path, LeaseNote> HELD_HERE = new ConcurrentHashMap<>();

    private final Path directory;

    /** What the lock file says about its holder. */
    record LeaseNote(long pid, String holder, Instant since) {
    }

    /** @param home the application's home directory (the console's, or the command's {@code --home}) */
    public FileRolloutStore(Path home) {
        this.directory = home.resolve("rollouts");
    }

    public Path directory() {
        return directory;
    }

    public Path fileOf(String rolloutId) {
        if (!PlanJson.ID.matcher(rolloutId).matches()) {
            throw new IllegalArgumentException("'" + rolloutId + "' is not a rollout id");
        }
        return directory.resolve(rolloutId + ".json");
    }

    public Path lockFileOf(String rolloutId) {
        Path state = fileOf(rolloutId);
        return state.resolveSibling(rolloutId + ".lock");
    }

    @Override
    public RolloutLease lease(String rolloutId, String holder) throws IOException {
        Path file = lockFileOf(rolloutId).toAbsolutePath().normalize();
        LeaseNote mine = new LeaseNote(ProcessHandle.current().pid(), holder, Instant.now());
        LeaseNote here = HELD_HERE.putIfAbsent(file, mine);
        if (here != null) {
            throw new RolloutLeasedException(rolloutId, here.pid(), here.holder(), true);
        }
        try {
            OwnerOnlyFiles.directory(directory);
            OwnerOnlyFiles.createFile(file);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock(LOCKED_BYTE, 1, false);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                LeaseNote theirs = readNote(file);
                throw new RolloutLeasedException(rolloutId, theirs == null ? -1 : theirs.pid(),
                        theirs == null ? null : theirs.holder(), false);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(RolloutJson.mapper().writeValueAsBytes(mine)), 0);
            channel.force(false);
            return new FileLease(rolloutId, file, channel);
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(file, mine);
            throw e;
        }
    }

    /** The holder's note, or null while it is being written or when it cannot be read. */
    private static LeaseNote readNote(Path file) {
        try {
            return RolloutJson.mapper().readValue(Files.readAllBytes(file), LeaseNote.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static final class FileLease implements RolloutLease {
        private final String rolloutId;
        private final Path file;
        private final FileChannel channel;
        private boolean closed;

        FileLease(String rolloutId, Path file, FileChannel channel) {
            this.rolloutId = rolloutId;
            this.file = file;
            this.channel = channel;
        }

        @Override
        public String rolloutId() {
            return rolloutId;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.close(); // releases the lock; the file stays (deleting it would race with the next taker)
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release the lease on rollout " + rolloutId, e);
            } finally {
                HELD_HERE.remove(file);
            }
        }
    }

    @Override
    public void save(RolloutState state) throws IOException {
        OwnerOnlyFiles.directory(directory);
        OwnerOnlyFiles.writeAtomically(fileOf(state.rolloutId), toJson(state));
    }

    @Override
    public Optional<RolloutState> load(String rolloutId) throws IOException {
        Path file = fileOf(rolloutId);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(fromJson(Files.readString(file, StandardCharsets.UTF_8)));
    }

    @Override
    public List<String> list() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                ids.add(name.substring(0, name.length() - ".json".length()));
            }
        }
        Collections.sort(ids);
        return ids;
    }

    /** Compact: a state holds a record per device, and is written every few seconds while devices move. */
    public static String toJson(RolloutState state) {
        try {
            return RolloutJson.mapper().writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write rollout " + state.rolloutId, e);
        }
    }

    public static RolloutState fromJson(String json) throws IOException {
        return RolloutJson.mapper().readValue(json, RolloutState.class);
    }
}
