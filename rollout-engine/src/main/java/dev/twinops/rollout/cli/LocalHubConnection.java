package dev.twinops.rollout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinops.hubclient.trust.PerHubTrust;
import dev.twinops.rollout.json.RolloutJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A running local hub, from its data directory's {@code connection.json}: service endpoint and connection string;
 * reading it trusts the hub's CA for that hub's address ({@link PerHubTrust}: the JVM's HTTPS default, as the service
 * SDK needs; every other server keeps the JDK's roots).
 */
record LocalHubConnection(String serviceEndpoint, String serviceConnectionString) {

    static LocalHubConnection open(Path hubData) throws IOException {
        Path file = hubData.resolve("connection.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no connection.json in " + hubData + " (is the local hub running "
                    + "with --data " + hubData + "?)");
        }
        JsonNode json = RolloutJson.mapper().readTree(file.toFile());
        String endpoint = json.path("serviceEndpoint").asText("");
        String cs = json.path("serviceConnectionString").asText("");
        if (endpoint.isBlank() || cs.isBlank()) {
            throw new IllegalArgumentException(file + " has no serviceEndpoint or serviceConnectionString");
        }
        String ca = json.path("caCertificatePath").asText("");
        if (!ca.isBlank()) {
            PerHubTrust.jvm().trust(endpoint, hubData.resolve(ca));
        }
        return new LocalHubConnection(endpoint, cs);
    }

    @Override
    public String toString() {
        return "LocalHubConnection[" + serviceEndpoint + "]"; // never the connection string
    }
}
