package dev.twinops.rollout.rehearsal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.rollout.hub.HubCallException;
import java.util.List;
import java.util.Map;

/** Where a fleet's shape is written: the local rehearsal hub. */
public interface RehearsalHub {

    /** The most devices one {@link #createDevices} request may carry (IoT Hub's bulk registry limit). */
    int MAX_DEVICES_PER_REQUEST = 100;

    String hostName();

    /**
     * Creates up to 100 devices in one bulk registry request, each with keys of this hub's own making. Returns the
     * devices it did not create, id to IoT Hub's error name ({@code DeviceAlreadyExists} for one there already).
     */
    Map<String, String> createDevices(List<String> deviceIds) throws HubCallException;

    /** Patches the device twin's tags (one twin update). */
    void writeTags(String deviceId, ObjectNode tags) throws HubCallException;
}
