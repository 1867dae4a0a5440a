package dev.twinops.console.rehearsal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.twinops.console.storage.AtomicFiles;
import dev.twinops.rollout.plan.PlanJson;
import dev.twinops.rollout.plan.RolloutPlan;

/**
 * The rehearsals under {@code <home>/rehearsals/<name>/}: {@code rehearsal.json} (the record), {@code shape.json} (the
 * copied fleet, the simulator's {@code --shape}) and {@code plan.json} (the plan as rehearsed, run unchanged for
 * real). Owner-only: tags can say more about a fleet than its owner wants shown. Blocking: call it off the FX thread.
 */
public final class RehearsalStore {

    /** A name is also a directory: letters, digits, '-', '_' and '.', not starting with '.'. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path directory;

    public RehearsalStore(Path home) {
        this.directory = home.resolve("rehearsals");
    }

    public Path directory() {
        return directory;
    }

    public Path folderOf(String name) {
        return directory.resolve(name);
    }

    public Path shapeFile(String name) {
        return folderOf(name).resolve("shape.json");
    }

    public boolean exists(String name) {
        return Files.exists(folderOf(name).resolve("rehearsal.json"));
    }

    public void save(RehearsalRecord record) throws IOException {
        Files.createDirectories(folderOf(record.name()));
        AtomicFiles.writeOwnerOnly(folderOf(record.name()).resolve("rehearsal.json"), JSON.writeValueAsString(record));
    }

    public void savePlan(String name, RolloutPlan plan) throws IOException {
        AtomicFiles.writeOwnerOnly(folderOf(name).resolve("plan.json"), PlanJson.write(plan));
    }

    /** The plan as rehearsed, empty before a rehearsal started. */
    public Optional<RolloutPlan> plan(String name) throws IOException {
        Path file = folderOf(name).resolve("plan.json");
        return Files.exists(file) ? Optional.of(PlanJson.read(file)) : Optional.empty();
    }

    /** Every rehearsal, newest copy first; unreadable ones are left out. */
    public List<RehearsalRecord> list() throws IOException {
        List<RehearsalRecord> records = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return records;
        }
        try (Stream<Path> folders = Files.list(directory)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                Path file = folder.resolve("rehearsal.json");
                if (Files.exists(file)) {
                    try {
                        records.add(JSON.readValue(file.toFile(), RehearsalRecord.class));
                    } catch (IOException unreadable) {
                        // a half-written or foreign file: the others still show
                    }
                }
            }
        }
        records.sort(Comparator.comparing((RehearsalRecord r) -> r.copiedAt() == null ? "" : r.copiedAt()).reversed());
        return records;
    }
}
