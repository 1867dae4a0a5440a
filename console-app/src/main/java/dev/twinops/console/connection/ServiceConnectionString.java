package dev.twinops.console.connection;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IoT Hub service connection string ({@code HostName=...;SharedAccessKeyName=...;SharedAccessKey=...}),
 * checked part by part so each kind of mistake gets its own message. {@link #toString()} never shows the key.
 */
public final class ServiceConnectionString {

    static final String HOST_NAME = "HostName";
    static final String KEY_NAME = "SharedAccessKeyName";
    static final String KEY = "SharedAccessKey";

    // What the service SDK accepts in a connection string's HostName (it cannot carry a port).
    private static final Pattern HOST_PATTERN = Pattern.compile("[a-zA-Z0-9_\\-.]+");

    private final String hostName;
    private final String policyName;
    private final String key;

    private ServiceConnectionString(String hostName, String policyName, String key) {
        this.hostName = hostName;
        this.policyName = policyName;
        this.key = key;
    }

    /**
     * Parses and validates a pasted connection string.
     *
     * @throws InvalidConnectionStringException with a message naming the mistake
     */
    public static ServiceConnectionString parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidConnectionStringException("Paste the hub's service connection string "
                    + "(Azure portal > IoT Hub > Shared access policies > iothubowner or service > Primary connection string).");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : text.strip().split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new InvalidConnectionStringException("\"" + abbreviate(part.strip())
                        + "\" is not a Name=value pair; parts are separated by ';'.");
            }
            String name = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            String known = canonicalName(name);
            if (parts.put(known, value) != null) {
                throw new InvalidConnectionStringException(known + " appears twice.");
            }
        }
        if (parts.containsKey("DeviceId") || parts.containsKey("ModuleId")) {
            throw new InvalidConnectionStringException("This is a device connection string (it has a DeviceId). "
                    + "The console needs a service connection string from a shared access policy, such as iothubowner or service.");
        }
        String host = parts.get(HOST_NAME);
        if (host == null || host.isEmpty()) {
            throw new InvalidConnectionStringException("HostName is missing, e.g. HostName=my-hub.azure-devices.net.");
        }
        if (host.contains(":")) {
            throw new InvalidConnectionStringException("HostName \"" + host
                    + "\" carries a port or scheme; IoT Hub connection strings name only the host (port 443 is implied).");
        }
        if (!HOST_PATTERN.matcher(host).matches() || !host.contains(".")) {
            throw new InvalidConnectionStringException("HostName \"" + host
                    + "\" is not a host name such as my-hub.azure-devices.net.");
        }
        String policy = parts.get(KEY_NAME);
        if (policy == null || policy.isEmpty()) {
            throw new InvalidConnectionStringException(
                    "SharedAccessKeyName is missing: it names the policy, e.g. SharedAccessKeyName=iothubowner.");
        }
        String key = parts.get(KEY);
        if (key == null || key.isEmpty()) {
            if (parts.containsKey("SharedAccessSignature")) {
                throw new InvalidConnectionStringException("This connection string holds a SharedAccessSignature, which "
                        + "expires; paste the policy's connection string with its SharedAccessKey instead.");
            }
            throw new InvalidConnectionStringException("SharedAccessKey is missing: copy the whole primary connection string.");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw new InvalidConnectionStringException(
                    "SharedAccessKey is not valid base64: it was probably cut or mistyped while copying.");
        }
        if (decoded.length < 16) {
            throw new InvalidConnectionStringException("SharedAccessKey is too short (" + decoded.length
                    + " bytes); IoT Hub keys are 32 bytes: it was probably cut while copying.");
        }
        for (String name : parts.keySet()) {
            if (!name.equals(HOST_NAME) && !name.equals(KEY_NAME) && !name.equals(KEY)) {
                throw new InvalidConnectionStringException("Unexpected part \"" + name
                        + "\": a service connection string has HostName, SharedAccessKeyName and SharedAccessKey.");
            }
        }
        return new ServiceConnectionString(host, policy, key);
    }

    /** The hub's short name, e.g. "my-hub" for my-hub.azure-devices.net. */
    public String hubName() {
        int dot = hostName.indexOf('.');
        return dot > 0 ? hostName.substring(0, dot) : hostName;
    }

    public String hostName() {
        return hostName;
    }

    public String policyName() {
        return policyName;
    }

    /** The full connection string, key included: for the SDK and the owner-only store, never for display or logs. */
    public String secretValue() {
        return HOST_NAME + "=" + hostName + ";" + KEY_NAME + "=" + policyName + ";" + KEY + "=" + key;
    }

    /** For display: the key reduced to its first four characters. */
    public String masked() {
        return HOST_NAME + "=" + hostName + ";" + KEY_NAME + "=" + policyName + ";" + KEY + "=" + maskKey(key);
    }

    /** The key's first four characters, the rest hidden. */
    public String maskedKey() {
        return maskKey(key);
    }

    static String maskKey(String key) {
        return key.length() <= 4 ? "****" : key.substring(0, 4) + "…(hidden)";
    }

    @Override
    public String toString() {
        return masked();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceConnectionString other
                && hostName.equalsIgnoreCase(other.hostName)
                && policyName.equals(other.policyName)
                && key.equals(other.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hostName.toLowerCase(Locale.ROOT), policyName, key);
    }

    private static String canonicalName(String name) {
        // The SDK matches names case-sensitively; accept any case but report the canonical spelling.
        for (String known : new String[] {HOST_NAME, KEY_NAME, KEY, "SharedAccessSignature", "DeviceId", "ModuleId"}) {
            if (known.equalsIgnoreCase(name)) {
                return known;
            }
        }
        return name;
    }

    private static String abbreviate(String s) {
        // Never echo something that might be a key in full.
        return s.length() <= 12 ? s : s.substring(0, 12) + "…";
    }
}
