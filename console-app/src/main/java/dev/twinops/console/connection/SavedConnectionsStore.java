package dev.twinops.console.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.twinops.console.storage.AtomicFiles;

/**
 * Saved hub connections in {@code connections.json} under the TwinOps home: Azure hubs by connection string and
 * local hubs by where their data is ({@code localHubs}, absent from files written before local hubs could be
 * opened). The file holds keys, so it is written atomically and readable by its owner only (rw-------). A file
 * that cannot be read is moved aside, never overwritten, so nothing the operator saved is lost.
 */
public final class SavedConnectionsStore {

    private static final Logger LOG = LoggerFactory.getLogger(SavedConnectionsStore.class);

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper();

    public SavedConnectionsStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Every saved Azure connection, in the order saved. Entries that no longer validate are skipped with a warning. */
    public synchronized List<SavedConnection> load() throws IOException {
        return loadAll().azure();
    }

    /** Everything saved: Azure hubs and opened local hubs. */
    public record Saved(List<SavedConnection> azure, List<SavedLocalHub> localHubs) {
        public static final Saved NONE = new Saved(List.of(), List.of());
    }

    /** Both lists, in the order saved; entries that no longer validate are skipped with a warning. */
    public synchronized Saved loadAll() throws IOException {
        if (!Files.exists(file)) {
            return Saved.NONE;
        }
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("Saved connections file {} could not be read ({}); moved it to {}", file, e.getMessage(), aside);
            return Saved.NONE;
        }
        List<SavedConnection> result = new ArrayList<>();
        for (JsonNode entry : root.path("connections")) {
            String name = entry.path("name").asText("");
            try {
                result.add(new SavedConnection(name,
                        ServiceConnectionString.parse(entry.path("connectionString").asText(""))));
            } catch (InvalidConnectionStringException e) {
                LOG.warn("Skipping saved connection '{}' in {}: {}", name, file, e.getMessage());
            }
        }
        List<SavedLocalHub> local = new ArrayList<>();
        for (JsonNode entry : root.path("localHubs")) {
            String name = entry.path("name").asText("");
            String location = entry.path("location").asText("");
            if (name.isBlank() || location.isBlank()) {
                LOG.warn("Skipping a saved local hub without name or location in {}", file);
                continue;
            }
            local.add(new SavedLocalHub(name, Path.of(location)));
        }
        return new Saved(List.copyOf(result), List.copyOf(local));
    }

    /** Replaces the saved Azure list and keeps no local hubs. */
    public synchronized void save(List<SavedConnection> connections) throws IOException {
        save(connections, List.of());
    }

    /** Replaces both saved lists. */
    public synchronized void save(List<SavedConnection> connections, List<SavedLocalHub> localHubs)
            throws IOException {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode array = root.putArray("connections");
        for (SavedConnection c : connections) {
            array.addObject()
                    .put("name", c.name())
                    .put("connectionString", c.connectionString().secretValue());
        }
        ArrayNode local = root.putArray("localHubs");
        for (SavedLocalHub hub : localHubs) {
            local.addObject()
                    .put("name", hub.name())
                    .put("location", hub.location().toAbsolutePath().toString());
        }
        AtomicFiles.writeOwnerOnly(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        LOG.info("Saved {} hub connection(s) and {} local hub(s) to {}", connections.size(), localHubs.size(), file);
    }
}
