package dev.twinops.hubclient.registry;

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
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * IoT Hub's bulk registry operation ("Bulk Registry - Update Registry", {@code POST /devices}): up to 100 devices,
 * with or without their keys, in one request. The 2.1.9 service SDK has no call for it, so it is sent the way the
 * SDK's own end-to-end tests send it: the SDK's {@link HttpRequest} (its TLS and error mapping) with a service SAS
 * token made from the connection string, so it works against IoT Hub and the local hub alike. The simulated fleet's
 * start, the console's CSV import and the rollout engine's rehearsal copy all register through it.
 */
public final class BulkRegistryOperation {

    public static final int MAX_DEVICES = 100;
    private static final String API_VERSION = "2021-04-12";
    private static final int READ_TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the hub treats each device of a request: IoT Hub's {@code importMode} values. */
    public enum Mode {
        /** A device that exists already fails (DeviceAlreadyExists); nothing about it changes. */
        CREATE("create"),
        /** A device that exists is updated: keys given replace its keys, keys not given are kept. */
        CREATE_OR_UPDATE("createOrUpdate");

        private final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        /** IoT Hub's name, as the request carries it. */
        public String wireName() {
            return wireName;
        }
    }

    /** One device of a request; without keys the hub makes them (create) or keeps the ones it has (update). */
    public record Device(String deviceId, String primaryKey, String secondaryKey) {
        public Device {
            Objects.requireNonNull(deviceId);
            if ((primaryKey == null) != (secondaryKey == null)) {
                throw new IllegalArgumentException("a device carries both keys or neither: " + deviceId);
            }
        }

        public static Device withKeys(String deviceId, SymmetricKey keys) {
            return new Device(deviceId, keys.getPrimaryKey(), keys.getSecondaryKey());
        }

        public static Device withoutKeys(String deviceId) {
            return new Device(deviceId, null, null);
        }

        boolean hasKeys() {
            return primaryKey != null;
        }

        @Override
        public String toString() {
            return "Device[" + deviceId + (hasKeys() ? ", with keys]" : "]");
        }
    }

    /** Why the hub refused one device of a request: IoT Hub's error name (e.g. DeviceAlreadyExists) and message. */
    public record DeviceError(String code, String message) {
    }

    /** The hub does not serve the bulk route (an older hub answers 404 or 405). */
    public static final class NotServedException extends Exception {
        NotServedException(String message, IotHubException cause) {
            super(message, cause);
        }

        /** The hub's own answer. */
        @Override
        public synchronized IotHubException getCause() {
            return (IotHubException) super.getCause();
        }
    }

    private final URL url;
    private final IotHubConnectionString connectionString;

    /**
     * @param serviceEndpoint         host[:port] of the hub's service API
     * @param serviceConnectionString a connection string of a policy with registry write (e.g. iothubowner); only
     *                                its key signs tokens, it is never sent or logged
     */
    public BulkRegistryOperation(String serviceEndpoint, String serviceConnectionString) {
        try {
            this.url = new URL("https://" + serviceEndpoint + "/devices?api-version=" + API_VERSION);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("the hub's service endpoint " + serviceEndpoint
                    + " is not a host[:port]", e);
        }
        this.connectionString = IotHubConnectionStringBuilder.createIotHubConnectionString(serviceConnectionString);
    }

    /**
     * Registers the devices (1 to 100, in one request). Returns the devices the hub refused, device id to its
     * error; the others were done. Empty when all were done.
     *
     * @throws NotServedException if the hub has no bulk route
     * @throws IotHubException    if the hub refused the request as a whole (e.g. 401) or failed
     */
    public Map<String, DeviceError> register(List<Device> devices, Mode mode)
            throws IOException, IotHubException, NotServedException {
        if (devices.isEmpty() || devices.size() > MAX_DEVICES) {
            throw new IllegalArgumentException("a bulk request carries 1 to " + MAX_DEVICES + " devices, not "
                    + devices.size());
        }
        ArrayNode body = JSON.createArrayNode();
        for (Device device : devices) {
            ObjectNode entry = body.addObject().put("id", device.deviceId()).put("importMode", mode.wireName());
            if (device.hasKeys()) {
                entry.putObject("authentication").put("type", "sas").putObject("symmetricKey")
                        .put("primaryKey", device.primaryKey())
                        .put("secondaryKey", device.secondaryKey());
            }
        }
        // a fresh token per request: a long fleet start or import must not outlive one
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
    private static Map<String, DeviceError> perDeviceErrors(IotHubBadFormatException e)
            throws IotHubBadFormatException {
        JsonNode result;
        try {
            result = JSON.readTree(e.getMessage() == null ? "" : e.getMessage());
        } catch (IOException notAResult) {
            throw e;
        }
        if (result == null || !result.path("errors").isArray() || result.path("errors").isEmpty()) {
            throw e;
        }
        Map<String, DeviceError> errors = new LinkedHashMap<>();
        for (JsonNode error : result.path("errors")) {
            errors.put(error.path("deviceId").asText(), new DeviceError(error.path("errorCode").asText(),
                    error.path("errorStatus").asText("")));
        }
        return errors;
    }
}
