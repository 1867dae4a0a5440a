package dev.twinops.simulator.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionString;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import com.microsoft.azure.sdk.iot.service.auth.SymmetricKey;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.transport.http.HttpMethod;
import com.microsoft.azure.sdk.iot.service.transport.http.HttpRequest;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IoT Hub's bulk registry operation ("Bulk Registry - Update Registry", {@code POST /devices}) in create mode: up
 * to 100 devices with their keys in one request. The 2.1.9 service SDK has no call for it, so it is sent the way the
 * SDK's own end-to-end tests send it: the SDK's {@link HttpRequest} (its TLS and error mapping) with a service SAS
 * token made from the connection string, so it works against IoT Hub and the local hub alike.
 */
final class BulkRegistryOperation {

    static final int MAX_DEVICES = 100;
    private static final String API_VERSION = "2021-04-12";
    private static final int READ_TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The hub does not serve the bulk route (an older hub answers 404 or 405): register one by one instead. */
    static final class NotServedException extends Exception {
        NotServedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URL url;
    private final IotHubConnectionString connectionString;

    BulkRegistryOperation(HubTarget hub) {
        try {
            this.url = new URL("https://" + hub.serviceEndpoint() + "/devices?api-version=" + API_VERSION);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("the hub's service endpoint " + hub.serviceEndpoint()
                    + " is not a host[:port]", e);
        }
        this.connectionString = IotHubConnectionStringBuilder.createIotHubConnectionString(
                hub.serviceConnectionString());
    }

    /**
     * Creates the devices with the given keys (at most 100, in one request). Returns the devices the hub refused,
     * device id to IoT Hub's error name (e.g. {@code DeviceAlreadyExists}); the others were created. Empty when all
     * were created.
     *
     * @throws NotServedException if the hub has no bulk route
     * @throws IotHubException    if the hub refused the request as a whole (e.g. 401) or failed
     */
    Map<String, String> create(Map<String, SymmetricKey> devices)
            throws IOException, IotHubException, NotServedException {
        if (devices.isEmpty() || devices.size() > MAX_DEVICES) {
            throw new IllegalArgumentException("a bulk request carries 1 to " + MAX_DEVICES + " devices, not "
                    + devices.size());
        }
        ArrayNode body = JSON.createArrayNode();
        devices.forEach((id, key) -> {
            ObjectNode entry = body.addObject().put("id", id).put("importMode", "create");
            ObjectNode authentication = entry.putObject("authentication").put("type", "sas");
            authentication.putObject("symmetricKey")
                    .put("primaryKey", key.getPrimaryKey())
                    .put("secondaryKey", key.getSecondaryKey());
        });
        // a fresh token per request: a long fleet start must not outlive one
        String token = new IotHubServiceSasToken(connectionString).toString();
        HttpRequest request = new HttpRequest(url, HttpMethod.POST, JSON.writeValueAsBytes(body), token);
        request.setReadTimeoutSeconds(READ_TIMEOUT_SECONDS);
        try {
            request.send();
            return Map.of();
        } catch (IotHubBadFormatException partlyDone) {
            return perDeviceErrors(partlyDone);
        } catch (IotHubNotFoundException notServed) {
            throw new NotServedException("the hub does not serve bulk registry operations (404)", notServed);
        } catch (IotHubException e) {
            if (e.getErrorCode() == 405 || e.getErrorCode() / 1000 == 405) {
                throw new NotServedException("the hub does not serve bulk registry operations (405)", e);
            }
            throw e;
        }
    }

    /**
     * A 400 whose body is IoT Hub's BulkRegistryOperationResult lists the refused devices (the SDK hands the body it
     * cannot read as an error envelope over as the message); any other 400 refused the request as a whole.
     */
    private static Map<String, String> perDeviceErrors(IotHubBadFormatException e) throws IotHubBadFormatException {
        JsonNode result;
        try {
            result = JSON.readTree(e.getMessage() == null ? "" : e.getMessage());
        } catch (IOException notAResult) {
            throw e;
        }
        if (result == null || !result.path("errors").isArray() || result.path("errors").isEmpty()) {
            throw e;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        for (JsonNode error : result.path("errors")) {
            errors.put(error.path("deviceId").asText(), error.path("errorCode").asText());
        }
        return errors;
    }
}
