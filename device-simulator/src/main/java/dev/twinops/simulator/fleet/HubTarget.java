package dev.twinops.simulator.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which hub a fleet talks to: the host devices connect to (MQTT, port 8883), the service endpoint used to register
 * them ({@code host[:port]}), a service connection string whose policy may write the registry, and for a local
 * hub the CA certificate to trust. {@link #toString()} never shows the key.
 */
public record HubTarget(String deviceHostName, String serviceEndpoint, String serviceConnectionString,
                        Path caCertificate) {

    public HubTarget {
        if (deviceHostName == null || deviceHostName.isBlank()) {
            throw new IllegalArgumentException("the hub's device host name is required");
        }
        if (serviceEndpoint == null || serviceEndpoint.isBlank()) {
            throw new IllegalArgumentException("the hub's service endpoint is required");
        }
        parseConnectionString(serviceConnectionString);
    }

    /** A hub on this machine (e.g. the local hub), reached at its own endpoint and trusted through its CA. */
    public static HubTarget local(String hostName, String serviceEndpoint, String serviceConnectionString,
                                  Path caCertificate) {
        return new HubTarget(hostName, serviceEndpoint, serviceConnectionString, caCertificate);
    }

    /** A real Azure IoT Hub: devices and service both use the connection string's HostName, public trust. */
    public static HubTarget azure(String serviceConnectionString) {
        String host = parseConnectionString(serviceConnectionString).get("hostname");
        return new HubTarget(host, host, serviceConnectionString, null);
    }

    /**
     * Reads {@code connection.json} from a local hub's data directory:
     * {@code {"hostName","serviceEndpoint","serviceConnectionString","caCertificatePath"}}.
     */
    public static HubTarget fromHubDataDirectory(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve("connection.json");
        if (!Files.isRegularFile(file)) {
            throw new IOException("no connection.json in " + dataDirectory + " (is the local hub running with --data "
                    + dataDirectory + "?)");
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON", e);
        }
        String host = text(json, "hostName", file);
        String endpoint = text(json, "serviceEndpoint", file);
        String cs = text(json, "serviceConnectionString", file);
        JsonNode ca = json.get("caCertificatePath");
        Path caPath = ca == null || ca.isNull() || ca.asText().isBlank() ? null : dataDirectory.resolve(ca.asText());
        return new HubTarget(host, endpoint, cs, caPath);
    }

    private static String text(JsonNode json, String field, Path file) throws IOException {
        JsonNode n = json.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new IOException(file + " has no " + field);
        }
        return n.asText();
    }

    /** The connection string's HostName (the hub's public name; for a local hub the bind address). */
    public String hubHostName() {
        return parseConnectionString(serviceConnectionString).get("hostname");
    }

    /** True when the service endpoint is not the connection string's host on port 443 (e.g. {@code 127.0.0.5:8443}). */
    public boolean hasCustomServiceEndpoint() {
        return !serviceEndpoint.equalsIgnoreCase(hubHostName());
    }

    /** The device connection string for a registered device; a secret. */
    public String deviceConnectionString(String deviceId, String primaryKey) {
        return "HostName=" + deviceHostName + ";DeviceId=" + deviceId + ";SharedAccessKey=" + primaryKey;
    }

    static Map<String, String> parseConnectionString(String cs) {
        if (cs == null || cs.isBlank()) {
            throw new IllegalArgumentException("a service connection string is required");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : cs.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("the connection string is malformed: expected Name=value pairs "
                        + "separated by ';' (HostName=...;SharedAccessKeyName=...;SharedAccessKey=...)");
            }
            parts.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
        }
        for (String required : new String[] {"hostname", "sharedaccesskeyname", "sharedaccesskey"}) {
            if (parts.getOrDefault(required, "").isEmpty()) {
                throw new IllegalArgumentException("the connection string has no "
                        + switch (required) {
                            case "hostname" -> "HostName";
                            case "sharedaccesskeyname" -> "SharedAccessKeyName (a service connection string is needed, "
                                    + "not a device one)";
                            default -> "SharedAccessKey";
                        });
            }
        }
        return parts;
    }

    @Override
    public String toString() {
        return "HubTarget[devices=" + deviceHostName + ":8883, service=" + serviceEndpoint
                + (caCertificate == null ? "" : ", ca=" + caCertificate) + "]";
    }
}
