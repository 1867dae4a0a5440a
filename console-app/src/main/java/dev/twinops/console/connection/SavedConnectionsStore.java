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
 * Saved hub connections in {@code connections.json} under the TwinOps home. The file holds keys, so it is
 * written atomically and readable by its owner only (rw-------). A file that cannot be read is moved aside,
 * never overwritten, so nothing the operator saved is lost.
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

    /** Every saved connection, in the order saved. Entries that no longer validate are skipped with a warning. */
    public synchronized List<SavedConnection> load() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("Saved connections file {} could not be read ({}); moved it to {}", file, e.getMessage(), aside);
            return List.of();
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
        return List.copyOf(result);
    }

    /** Replaces the saved list. */
    public synchronized void save(List<SavedConnection> connections) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode array = root.putArray("connections");
        for (SavedConnection c : connections) {
            array.addObject()
                    .put("name", c.name())
                    .put("connectionString", c.connectionString().secretValue());
        }
        AtomicFiles.writeOwnerOnly(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        LOG.info("Saved {} hub connection(s) to {}", connections.size(), file);
    }
}
