package dev.twinops.console.devices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.twinops.console.storage.AtomicFiles;

/**
 * The query history and named queries, kept in {@code queries.json} under the TwinOps home (written
 * atomically; an unreadable file is moved aside rather than overwritten).
 */
public final class QueryLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(QueryLibrary.class);

    /** The history keeps this many distinct queries, newest first. */
    public static final int HISTORY_SIZE = 30;

    /** What is stored. */
    public record Contents(List<String> history, List<SavedQuery> saved) {
        public static final Contents EMPTY = new Contents(List.of(), List.of());

        public Contents {
            history = List.copyOf(history);
            saved = List.copyOf(saved);
        }
    }

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper();

    public QueryLibrary(Path file) {
        this.file = file;
    }

    public synchronized Contents load() throws IOException {
        if (!Files.exists(file)) {
            return Contents.EMPTY;
        }
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("Query library {} could not be read ({}); moved it to {}", file, e.getMessage(), aside);
            return Contents.EMPTY;
        }
        List<String> history = new ArrayList<>();
        root.path("history").forEach(q -> history.add(q.asText()));
        List<SavedQuery> saved = new ArrayList<>();
        root.path("saved").forEach(q -> saved.add(new SavedQuery(q.path("name").asText(), q.path("query").asText())));
        return new Contents(history.subList(0, Math.min(HISTORY_SIZE, history.size())), saved);
    }

    public synchronized void save(Contents contents) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        contents.history().forEach(root.putArray("history")::add);
        var saved = root.putArray("saved");
        contents.saved().forEach(q -> saved.addObject().put("name", q.name()).put("query", q.query()));
        // Queries are not secret; writing atomically keeps a crash from leaving half a file.
        AtomicFiles.write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }
}
