package dev.twinops.console.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.twinops.hub.HubConnectionInfo;

/**
 * What a running local hub wrote into {@code connection.json} in its data directory: where it listens, the
 * iothubowner connection string, its CA and (hubs since the tier was added) the tier it throttles as. A hub writes
 * the file when it is ready and removes it when it stops, so a missing file means the hub is not running.
 * {@link #toString()} never shows the key.
 *
 * @param tier empty for a file written before hubs stated their tier
 */
public record LocalHubFile(Path connectionFile, String hostName, String serviceEndpoint,
                           String serviceConnectionString, Path caCertificate, Optional<LocalHubTier> tier) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public LocalHubFile {
        Objects.requireNonNull(connectionFile, "connectionFile");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(serviceEndpoint, "serviceEndpoint");
        Objects.requireNonNull(serviceConnectionString, "serviceConnectionString");
        Objects.requireNonNull(caCertificate, "caCertificate");
        Objects.requireNonNull(tier, "tier");
    }

    /** The hub's data directory (the {@code --data} it was started with). */
    public Path dataDirectory() {
        return connectionFile.getParent();
    }

    /**
     * Reads the hub whose data directory or {@code connection.json} is {@code path}.
     *
     * @throws LocalHubFileException saying what is wrong in words an operator can act on
     */
    public static LocalHubFile read(Path path) throws LocalHubFileException {
        if (path == null || path.toString().isBlank()) {
            throw new LocalHubFileException("Choose the hub's data directory (the --data DIR it was started with) "
                    + "or the connection.json in it.");
        }
        Path absolute = path.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw new LocalHubFileException(absolute + " does not exist. If the hub's data directory was moved, "
                    + "open it from its new place.");
        }
        Path file = Files.isDirectory(absolute) ? absolute.resolve(HubConnectionInfo.FILE_NAME) : absolute;
        if (!Files.exists(file)) {
            throw new LocalHubFileException(looksLikeHubData(absolute)
                    ? "No hub is running on " + absolute + ": a running hub writes " + HubConnectionInfo.FILE_NAME
                    + " there. Start it (java -jar hub-emulator.jar --data " + absolute + ") and try again."
                    : absolute + " is not a local hub's data directory: it has no " + HubConnectionInfo.FILE_NAME + ".");
        }
        JsonNode json;
        try {
            json = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new LocalHubFileException(Files.isReadable(file)
                    ? file + " is not a local hub's connection file (it is not JSON)."
                    : file + " cannot be read: it belongs to the user who started the hub (it holds a key).");
        }
        String host = text(json, "hostName");
        String endpoint = text(json, "serviceEndpoint");
        String connectionString = text(json, "serviceConnectionString");
        String ca = text(json, "caCertificatePath");
        if (json == null || !json.isObject() || host.isEmpty() || endpoint.isEmpty() || connectionString.isEmpty()
                || ca.isEmpty()) {
            throw new LocalHubFileException(file + " is not a local hub's connection file: it needs hostName, "
                    + "serviceEndpoint, serviceConnectionString and caCertificatePath.");
        }
        return new LocalHubFile(file, host, endpoint, connectionString, caCertificate(file, ca), tier(json));
    }

    /** The CA where the hub wrote it, else in the data directory (a hub in a container writes its own paths). */
    private static Path caCertificate(Path file, String written) throws LocalHubFileException {
        Path stated = Path.of(written);
        if (Files.isReadable(stated)) {
            return stated;
        }
        Path beside = file.getParent().resolve("tls").resolve(stated.getFileName());
        if (Files.isReadable(beside)) {
            return beside;
        }
        throw new LocalHubFileException("The hub's CA certificate " + written + " (named in " + file
                + ") cannot be read, so the console cannot check it is talking to that hub.");
    }

    private static Optional<LocalHubTier> tier(JsonNode json) {
        if (!json.hasNonNull("tier")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalHubTier.parse(json.get("tier").asText(), json.path("units").asInt(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a tier this console does not know: it paces as if none was stated
        }
    }

    private static boolean looksLikeHubData(Path directory) {
        return Files.isDirectory(directory) && (Files.exists(directory.resolve("state.db"))
                || Files.isDirectory(directory.resolve("tls")));
    }

    private static String text(JsonNode json, String field) {
        return json == null ? "" : json.path(field).asText("").strip();
    }

    @Override
    public String toString() {
        return "LocalHubFile[" + connectionFile + ", " + serviceEndpoint + ", tier "
                + tier.map(LocalHubTier::describe).orElse("not stated") + "]";
    }
}
