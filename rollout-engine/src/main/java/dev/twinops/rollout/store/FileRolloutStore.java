package dev.twinops.rollout.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.twinops.rollout.engine.RolloutState;
import dev.twinops.rollout.files.OwnerOnlyFiles;
import dev.twinops.rollout.json.RolloutJson;
import dev.twinops.rollout.plan.PlanJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Rollout states as JSON files {@code <home>/rollouts/<id>.json}, owner-only, each save an atomic replace.
 */
public final class FileRolloutStore implements RolloutStore {

    private final Path directory;

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
