package dev.twinops.console.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.twinops.console.connection.HubConnection;

/** Reads and patches device twins. Blocking: call off the FX thread. */
public interface TwinService {

    TwinSnapshot get(HubConnection hub, String deviceId) throws Exception;

    /**
     * Sends a patch of tags and desired properties (null deletes a key), applied only if the twin still has
     * {@code etag} (If-Match).
     *
     * @throws com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException when someone
     *         changed the twin since {@code etag} was read
     */
    TwinSnapshot patch(HubConnection hub, String deviceId, ObjectNode tagsPatch, ObjectNode desiredPatch, String etag)
            throws Exception;
}
