package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One device as the hub holds it in memory: a committed identity and twin (replaced as a whole on each write)
 * plus its live presence. The service twin JSON is built once per change and reused by every read.
 */
final class DeviceEntry {

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
    /** Twin versions stay small for most devices: their etag and version nodes are shared below this. */
    private static final int SHARED_VERSIONS = 1_024;
    private static final AtomicReferenceArray<TextNode> ETAGS = new AtomicReferenceArray<>(SHARED_VERSIONS);

    final DeviceIdentity identity;
    final TwinDocument twin;
    final Presence presence;

    private record ServiceView(Presence.State presence, ObjectNode twin) {
    }

    private volatile ServiceView view;

    DeviceEntry(DeviceIdentity identity, TwinDocument twin, Presence presence) {
        this.identity = identity;
        this.twin = twin;
        this.presence = presence;
    }

    DeviceEntry with(DeviceIdentity newIdentity) {
        return new DeviceEntry(newIdentity, twin, presence);
    }

    DeviceEntry with(TwinDocument newTwin) {
        return new DeviceEntry(identity, newTwin, presence);
    }

    /** The service twin; shared, callers must not modify it. Rebuilt only when presence changed since last time. */
    ObjectNode serviceTwin() {
        Presence.State now = presence.current();
        ServiceView cached = view;
        if (cached != null && cached.presence() == now) {
            return cached.twin();
        }
        ObjectNode built = build(now);
        view = new ServiceView(now, built);
        return built;
    }

    private ObjectNode build(Presence.State state) {
        ObjectNode node = TwinMerge.newObject(17);
        node.put("deviceId", identity.deviceId());
        node.set("etag", etag(twin.version()));
        node.put("deviceEtag", identity.etag());
        node.set("version", TwinMerge.versionNode(twin.version()));
        node.set("status", identity.status() == DeviceStatus.DISABLED ? DISABLED : ENABLED);
        if (identity.statusReason() != null) {
            node.put("statusReason", identity.statusReason());
        }
        node.set("statusUpdateTime", time(identity.statusUpdatedTime()));
        node.set("connectionState", state.connected() ? CONNECTED : DISCONNECTED);
        node.set("lastActivityTime", time(state.lastActivity()));
        node.put("cloudToDeviceMessageCount", 0);
        node.set("authenticationType", SAS);
        node.set("x509Thumbprint", NO_THUMBPRINT);
        node.set("capabilities", CAPABILITIES);
        node.set("tags", twin.tags());
        node.set("properties", twin.properties());
        return node;
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
            ETAGS.set((int) version, known); // a race makes two equal nodes, both correct
        }
        return known;
    }
}
