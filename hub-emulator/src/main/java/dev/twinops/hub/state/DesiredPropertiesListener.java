package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Told after a desired-properties change is durable, so the device endpoint can push it to the device. */
@FunctionalInterface
public interface DesiredPropertiesListener {
    /**
     * @param patch the desired patch as the device receives it: the changed keys ({@code null} for deleted ones)
     *              plus {@code "$version"}
     */
    void desiredPropertiesChanged(String deviceId, ObjectNode patch);
}
