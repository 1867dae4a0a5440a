package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The members of a service twin (deviceId, etag, status, connectionState ... tags, properties), read from the
 * device's identity, twin document and presence when asked rather than kept as nodes: a twin read or queried is
 * a 24-byte node over these three references, where stored members cost a few hundred bytes per device for
 * 100,000 devices. Read-only: put and remove throw, as callers must not modify a stored twin anyway.
 */
final class ServiceTwinMembers extends AbstractMap<String, JsonNode> {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final TextNode CONNECTED = TextNode.valueOf("Connected");
    private static final TextNode DISCONNECTED = TextNode.valueOf("Disconnected");
    private static final TextNode ENABLED = TextNode.valueOf("enabled");
    private static final TextNode DISABLED = TextNode.valueOf("disabled");
    private static final TextNode SAS = TextNode.valueOf("sas");
    /** Shared by every twin, never modified. */
    private static final ObjectNode NO_THUMBPRINT = NODES.objectNode()
            .putNull("primaryThumbprint").putNull("secondaryThumbprint");
    private static final ObjectNode CAPABILITIES = NODES.objectNode().put("iotEdge", false);
    /** Devices never connected and never disabled show this time twice: one node for all. */
    private static final TextNode NEVER = TextNode.valueOf(IotHubTime.format(IotHubTime.NEVER));
    /** Twin versions stay small for most devices: their etag nodes are shared below this. */
    private static final int SHARED_VERSIONS = 1_024;
    private static final AtomicReferenceArray<TextNode> ETAGS = new AtomicReferenceArray<>(SHARED_VERSIONS);

    /** In the order IoT Hub writes them; statusReason only when there is one. */
    private static final String[] KEYS = {"deviceId", "etag", "deviceEtag", "version", "status", "statusUpdateTime",
            "connectionState", "lastActivityTime", "cloudToDeviceMessageCount", "authenticationType", "x509Thumbprint",
            "capabilities", "tags", "properties"};
    private static final String[] KEYS_WITH_REASON = {"deviceId", "etag", "deviceEtag", "version", "status",
            "statusReason", "statusUpdateTime", "connectionState", "lastActivityTime", "cloudToDeviceMessageCount",
            "authenticationType", "x509Thumbprint", "capabilities", "tags", "properties"};

    private final DeviceIdentity identity;
    private final TwinDocument twin;
    private final Presence.State presence;

    private ServiceTwinMembers(DeviceIdentity identity, TwinDocument twin, Presence.State presence) {
        this.identity = identity;
        this.twin = twin;
        this.presence = presence;
    }

    /** The service twin of one committed version and presence; shared nodes, callers must not modify them. */
    static ObjectNode serviceTwin(DeviceIdentity identity, TwinDocument twin, Presence.State presence) {
        return new Node(new ServiceTwinMembers(identity, twin, presence));
    }

    /** The node over these members, of its own class so that a {@link MemberLookup} asks them directly. */
    static final class Node extends ObjectNode {
        private static final long serialVersionUID = 1L;

        Node(ServiceTwinMembers members) {
            super(NODES, members);
        }

        ServiceTwinMembers members() {
            return (ServiceTwinMembers) _children;
        }
    }

    private String[] keys() {
        return identity.statusReason() == null ? KEYS : KEYS_WITH_REASON;
    }

    @Override
    public JsonNode get(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        // the two a query walks through first
        if (name.equals("tags")) {
            return twin.tags();
        }
        if (name.equals("properties")) {
            return twin.properties();
        }
        switch (name) {
            case "deviceId": return text(identity.deviceId());
            case "etag": return etag(twin.version());
            case "deviceEtag": return text(identity.etag());
            case "version": return TwinMerge.versionNode(twin.version());
            case "status": return identity.status() == DeviceStatus.DISABLED ? DISABLED : ENABLED;
            case "statusReason": return identity.statusReason() == null ? null : TextNode.valueOf(identity.statusReason());
            case "statusUpdateTime": return time(identity.statusUpdatedTime());
            case "connectionState": return presence.connected() ? CONNECTED : DISCONNECTED;
            case "lastActivityTime": return time(presence.lastActivity());
            case "cloudToDeviceMessageCount": return IntNode.valueOf(0);
            case "authenticationType": return SAS;
            case "x509Thumbprint": return NO_THUMBPRINT;
            case "capabilities": return CAPABILITIES;
            default: return null;
        }
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return keys().length;
    }

    @Override
    public Set<Map.Entry<String, JsonNode>> entrySet() {
        String[] keys = keys();
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, JsonNode>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Map.Entry<String, JsonNode> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        String key = keys[next++];
                        return new SimpleImmutableEntry<>(key, get(key));
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    private static JsonNode text(String value) {
        return value == null ? NullNode.instance : TextNode.valueOf(value);
    }

    private static TextNode time(Instant instant) {
        String text = IotHubTime.format(instant);
        return text.equals(NEVER.textValue()) ? NEVER : TextNode.valueOf(text);
    }

    private static TextNode etag(long version) {
        if (version < 0 || version >= SHARED_VERSIONS) {
            return TextNode.valueOf(TwinDocument.etagOf(version));
        }
        TextNode known = ETAGS.get((int) version);
        if (known == null) {
            known = TextNode.valueOf(TwinDocument.etagOf(version));
            ETAGS.set((int) version, known); // a race makes two equal nodes, both right
        }
        return known;
    }
}
