package dev.twinops.hub.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.tls.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hub's shared access policies, as a new IoT hub has them: {@code iothubowner}, {@code service},
 * {@code device}, {@code registryRead} and {@code registryReadWrite}, each with two random 256-bit keys.
 *
 * <p>The keys are generated once per data directory and kept in {@code <dataDir>/service-policies.json},
 * readable by the owner only, so connection strings stay valid across restarts. An existing file is used only if
 * it is owner-only and belongs to the user the hub runs as ({@link OwnerOnlyFiles#checkAdoptable}).
 */
public final class SharedAccessPolicies {
    private static final Logger LOG = LoggerFactory.getLogger(SharedAccessPolicies.class);

    public static final String IOTHUBOWNER = "iothubowner";
    public static final String SERVICE = "service";
    public static final String DEVICE = "device";
    public static final String REGISTRY_READ = "registryRead";
    public static final String REGISTRY_READ_WRITE = "registryReadWrite";

    static final String FILE_NAME = "service-policies.json";

    /** The default policies of a new IoT hub and their permissions. */
    private static final Map<String, Set<Permission>> DEFAULTS = defaults();

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, SharedAccessPolicy> byName;

    private SharedAccessPolicies(Map<String, SharedAccessPolicy> byName) {
        this.byName = byName;
    }

    /**
     * Loads the policies kept in {@code dataDir}, creating the file with fresh keys on first use (and adding
     * any default policy the file lacks).
     *
     * @throws IOException if the file cannot be read or written, is not a policy file, or is readable by others or
     *                     not the user's (it is then left as is)
     */
    public static synchronized SharedAccessPolicies loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        Map<String, SharedAccessPolicy> policies = new LinkedHashMap<>();
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            OwnerOnlyFiles.checkAdoptable(file, true);
            policies.putAll(read(file));
        }
        boolean changed = false;
        for (Map.Entry<String, Set<Permission>> d : DEFAULTS.entrySet()) {
            if (!policies.containsKey(d.getKey())) {
                policies.put(d.getKey(), new SharedAccessPolicy(d.getKey(), d.getValue(), newKey(), newKey()));
                changed = true;
            }
        }
        if (changed) {
            write(file, policies.values());
            LOG.info("Created shared access policy keys in {}", file);
        }
        return new SharedAccessPolicies(java.util.Collections.unmodifiableMap(policies));
    }

    /** The policy with this name (IoT Hub policy names compare case-sensitively). */
    public Optional<SharedAccessPolicy> policy(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public List<SharedAccessPolicy> all() {
        return List.copyOf(byName.values());
    }

    /**
     * {@code HostName=<hostName>;SharedAccessKeyName=<policy>;SharedAccessKey=<primary key>}.
     *
     * @throws IllegalArgumentException for an unknown policy name
     */
    public String connectionString(String hostName, String policyName) {
        SharedAccessPolicy policy = policy(policyName).orElseThrow(() -> new IllegalArgumentException(
                "Unknown shared access policy '" + policyName + "'; known: " + String.join(", ", byName.keySet())));
        return "HostName=" + hostName + ";SharedAccessKeyName=" + policy.name() + ";SharedAccessKey=" + policy.primaryKey();
    }

    private static Map<String, SharedAccessPolicy> read(Path file) throws IOException {
        Map<String, SharedAccessPolicy> result = new LinkedHashMap<>();
        try {
            JsonNode root = JSON.readTree(file.toFile());
            JsonNode list = root == null ? null : root.get("policies");
            if (list == null || !list.isArray()) {
                throw new IOException("has no \"policies\" array");
            }
            for (JsonNode p : list) {
                String name = text(p, "name");
                Set<Permission> rights = EnumSet.noneOf(Permission.class);
                JsonNode r = p.get("rights");
                if (r == null || !r.isArray()) {
                    throw new IOException("policy '" + name + "' has no \"rights\" array");
                }
                for (JsonNode right : r) {
                    rights.add(Permission.fromDisplayName(right.asText()));
                }
                String primary = text(p, "primaryKey");
                String secondary = text(p, "secondaryKey");
                requireKey(name, primary);
                requireKey(name, secondary);
                result.put(name, new SharedAccessPolicy(name, rights, primary, secondary));
            }
            return result;
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("Cannot read the shared access policies in " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, Iterable<SharedAccessPolicy> policies) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("policies");
        for (SharedAccessPolicy p : policies) {
            ObjectNode node = list.addObject();
            node.put("name", p.name());
            ArrayNode rights = node.putArray("rights");
            // stable order, as IoT Hub lists them
            for (Permission permission : Permission.values()) {
                if (p.permissions().contains(permission)) {
                    rights.add(permission.displayName());
                }
            }
            node.put("primaryKey", p.primaryKey());
            node.put("secondaryKey", p.secondaryKey());
        }
        OwnerOnlyFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IOException("a policy lacks \"" + field + "\"");
        }
        return v.asText();
    }

    private static void requireKey(String policy, String key) throws IOException {
        try {
            if (Base64.getDecoder().decode(key).length < 16) {
                throw new IOException("policy '" + policy + "' has a key shorter than 16 bytes");
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("policy '" + policy + "' has a key that is not base64");
        }
    }

    static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static Map<String, Set<Permission>> defaults() {
        Map<String, Set<Permission>> d = new LinkedHashMap<>();
        d.put(IOTHUBOWNER, EnumSet.allOf(Permission.class));
        d.put(SERVICE, EnumSet.of(Permission.SERVICE_CONNECT));
        d.put(DEVICE, EnumSet.of(Permission.DEVICE_CONNECT));
        d.put(REGISTRY_READ, EnumSet.of(Permission.REGISTRY_READ));
        d.put(REGISTRY_READ_WRITE, EnumSet.of(Permission.REGISTRY_READ, Permission.REGISTRY_WRITE));
        return d;
    }

    /** The default policy names, in IoT Hub's order. */
    public static List<String> defaultPolicyNames() {
        return new ArrayList<>(DEFAULTS.keySet());
    }
}
