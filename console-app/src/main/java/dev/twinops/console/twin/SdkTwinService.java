package dev.twinops.console.twin;

import java.io.IOException;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.twin.Twin;

import dev.twinops.console.connection.HubConnection;

/** Reads and patches twins through the service SDK's {@code TwinClient}. */
public final class SdkTwinService implements TwinService {

    private static final Logger LOG = LoggerFactory.getLogger(SdkTwinService.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public TwinSnapshot get(HubConnection hub, String deviceId) throws IOException, IotHubException {
        return TwinSnapshot.of(hub.twins().get(deviceId));
    }

    @Override
    public TwinSnapshot patch(HubConnection hub, String deviceId, ObjectNode tagsPatch, ObjectNode desiredPatch,
                              String etag) throws IOException, IotHubException {
        if (tagsPatch.isEmpty() && desiredPatch.isEmpty()) {
            throw new IllegalArgumentException("an empty patch changes nothing");
        }
        Twin twin = new Twin(deviceId);
        if (!tagsPatch.isEmpty()) {
            twin.getTags().putAll(toMap(tagsPatch));
        }
        if (!desiredPatch.isEmpty()) {
            twin.getDesiredProperties().putAll(toMap(desiredPatch));
        }
        Twin updated = hub.twins().patch(twin, etag);
        LOG.info("Patched twin {} (tags: {}, desired: {}); now version {}", deviceId, tagsPatch.size(),
                desiredPatch.size(), updated.getVersion());
        return TwinSnapshot.of(updated);
    }

    private static Map<String, Object> toMap(ObjectNode node) {
        return MAPPER.convertValue(node, new TypeReference<Map<String, Object>>() { });
    }
}
