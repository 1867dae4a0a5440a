package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One device as the hub holds it in memory: a committed identity and twin (replaced as a whole on each write)
 * plus its live presence.
 */
final class DeviceEntry {

    final DeviceIdentity identity;
    final TwinDocument twin;
    final Presence presence;

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

    /**
     * The service twin as of now; shared nodes, callers must not modify it. A view over the entry (see
     * {@link ServiceTwinMembers}), made per call rather than kept: cheaper than the memory a kept one takes.
     */
    ObjectNode serviceTwin() {
        return ServiceTwinMembers.serviceTwin(identity, twin, presence.current());
    }
}
