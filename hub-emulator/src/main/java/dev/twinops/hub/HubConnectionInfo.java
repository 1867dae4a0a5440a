package dev.twinops.hub;

import dev.twinops.hub.auth.SharedAccessPolicies;
import dev.twinops.hub.throttle.ThrottlingPolicy;
import dev.twinops.hub.tls.OwnerOnlyFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How clients reach a running {@link LocalHub}. The service SDK clients take {@link #serviceEndpoint()} as host
 * name (their connection-string constructors cannot carry a port); device connection strings use
 * {@link #hostName()}. {@link #toString()} never shows a key.
 */
public final class HubConnectionInfo {
    /** The file in a hub's data directory that tells other processes (the simulator) how to reach it. */
    public static final String FILE_NAME = "connection.json";

    private final String hostName;
    private final int httpsPort;
    private final int mqttPort;
    private final Path caCertificatePath;
    private final SharedAccessPolicies policies;
    private final ThrottlingPolicy throttling;

    HubConnectionInfo(String hostName, int httpsPort, int mqttPort, Path caCertificatePath, SharedAccessPolicies policies,
                      ThrottlingPolicy throttling) {
        this.hostName = hostName;
        this.httpsPort = httpsPort;
        this.mqttPort = mqttPort;
        this.caCertificatePath = caCertificatePath;
        this.policies = policies;
        this.throttling = throttling;
    }

    /** The bind address, e.g. {@code 127.0.0.1}: the HostName of device connection strings. */
    public String hostName() {
        return hostName;
    }

    /** {@code host:port} of the HTTPS service endpoint, for the service SDK clients' host-name constructors. */
    public String serviceEndpoint() {
        return hostName + ":" + httpsPort;
    }

    /** {@code host:8883}, the MQTT device endpoint. */
    public String deviceEndpoint() {
        return hostName + ":" + mqttPort;
    }

    public int httpsPort() {
        return httpsPort;
    }

    /** The {@code iothubowner} connection string (all permissions). */
    public String serviceConnectionString() {
        return serviceConnectionString(SharedAccessPolicies.IOTHUBOWNER);
    }

    /**
     * The connection string of a shared access policy: {@code iothubowner}, {@code service}, {@code device},
     * {@code registryRead} or {@code registryReadWrite}.
     *
     * @throws IllegalArgumentException for another name
     */
    public String serviceConnectionString(String policyName) {
        return policies.connectionString(hostName, policyName);
    }

    /** The hub's CA certificate (PEM): the trust anchor for both endpoints. */
    public Path caCertificatePath() {
        return caCertificatePath;
    }

    /**
     * The tier whose limits the hub applies, "unlimited" when it throttles nothing: what a client paces itself by.
     * Written to {@code connection.json} as {@code tier} and {@code units} (0 when unlimited); files written before
     * these fields existed have neither.
     */
    public String tier() {
        return throttling.tier().map(Enum::name).orElse("unlimited");
    }

    /** The units of {@link #tier()}; 0 when unlimited. */
    public int units() {
        return throttling.units();
    }

    /**
     * Writes these details as JSON (host name, endpoints, the iothubowner connection string, the CA path, the tier
     * and its units) to {@code file}, owner-only: it holds a key.
     */
    public void writeTo(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = json.createObjectNode();
        node.put("hostName", hostName());
        node.put("serviceEndpoint", serviceEndpoint());
        node.put("serviceConnectionString", serviceConnectionString());
        node.put("caCertificatePath", caCertificatePath().toString());
        node.put("deviceEndpoint", deviceEndpoint());
        node.put("tier", tier());
        node.put("units", units());
        OwnerOnlyFiles.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
    }

    @Override
    public String toString() {
        return "HubConnectionInfo[service=https://" + serviceEndpoint() + ", devices=mqtts://" + deviceEndpoint()
                + ", ca=" + caCertificatePath + ", " + throttling.describe() + "]";
    }
}
